// The Embind leaf of the site-protection module (bc-protect.wasm): the CLI, the server's installer and the
// demo's configurator load it; storefront pages never do, so the cart module's size budget stays untouched.
// No logic here: the functions are the JSON facade of bcch/api.h.
#include <emscripten/bind.h>

#include "bcch/api.h"

namespace {
std::string version() { return bcch::coreVersion(); }
}  // namespace

EMSCRIPTEN_BINDINGS(bc_protect) {
  using namespace emscripten;
  function("protectionTarget", &bcch::protectionTargetJson);
  function("protectionArtifacts", &bcch::protectionArtifactsJson);
  function("version", &version);
}
