/**
 * The renderer's entry: styles, the React root, the bridge, the rate sampler and (under automation
 * only) the e2e test hook. No inline scripts: index.html loads this module and nothing else.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/theme.css';
import './styles/app.css';
import { App } from './App.js';
import { startBridge } from './store/actions.js';
import { startRateSampler } from './store/live.js';
import { installTestHook } from './terminal/test-hook.js';

installTestHook();
startRateSampler();
void startBridge();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
