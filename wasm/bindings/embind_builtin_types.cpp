// Linked into every module, with -Wl,--wrap for each name below (wasm/bindings/CMakeLists.txt).
// At start-up Embind registers every type it could bind (its __embind_register_native_and_builtin_types), and each
// registration call keeps its JavaScript in the glue. The bindings here pass only std::string, bool, int,
// unsigned long and double; the wide strings, emscripten::val, typed-array views and 64-bit integers they never use
// were about 0.8 KB gzip of glue in every module. These no-ops stand in for those registrations, so the glue
// leaves their JavaScript out. A binding that starts using one of those types fails at load ("type ... not
// registered"), which every module's load test shows.
#include <cstddef>
#include <cstdint>

extern "C" {
void __wrap__embind_register_std_wstring(const void*, size_t, const char*) {}
void __wrap__embind_register_emval(const void*, const char*) {}
void __wrap__embind_register_memory_view(const void*, unsigned, const char*) {}
void __wrap__embind_register_bigint(const void*, const char*, size_t, int64_t, uint64_t) {}
}
