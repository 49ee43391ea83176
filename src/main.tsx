// Entry point: mounts the React app and keeps the URL hash in step with the network.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startAutosave } from './store/autosave.ts';
import { getEngine } from './store/engineClient.ts';
import { startHashSync, useAppStore } from './store/index.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

const openedFromLink = location.hash.startsWith('#net=');
startHashSync();
startAutosave(useAppStore, openedFromLink);
// For the devtools console and the e2e tests: fault injection (to see recovery work) and the engine's API as the views
// call it (so a test can check what a view shows against the engine's own answer).
(window as unknown as { __convlab: object }).__convlab = { simulateFault: (kind: 'device' | 'worker') => getEngine().simulateFault(kind), engine: getEngine };

const root = document.getElementById('root');
if (!root) throw new Error('ConvLab: #root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
