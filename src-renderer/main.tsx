/**
 * The renderer's entry: styles, the React root, the bridge, the rate sampler and, in the test build
 * only (vite --mode e2e: dist/renderer-test), the e2e test hook. No inline scripts: index.html loads
 * this module and nothing else.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/theme.css';
import './styles/app.css';
import { App } from './App.js';
import { startBridge } from './store/actions/start.js';
import { startRateSampler } from './store/live.js';
import { installTestHook } from './testing/test-hook.js';

// a constant: the production build drops the branch and, with it, everything under testing/
if (import.meta.env.MODE === 'e2e') installTestHook();
startRateSampler();
void startBridge();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
