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
// Fault injection for the recovery tests and for anyone who wants to see recovery work (from the devtools console).
(window as unknown as { __convlab: object }).__convlab = { simulateFault: (kind: 'device' | 'worker') => getEngine().simulateFault(kind) };

const root = document.getElementById('root');
if (!root) throw new Error('ConvLab: #root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
