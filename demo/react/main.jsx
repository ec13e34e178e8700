// The React demo's entry: the app in StrictMode, which in the dev server mounts every component twice to show
// effects that do not clean up after themselves (App.jsx destroys the checkout it created).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';
import './style.css';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
