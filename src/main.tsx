// Entry point: mounts the React app and keeps the URL hash in step with the network.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startHashSync } from './store/index.ts';
import { App } from './ui/App.tsx';
import './ui/styles.css';

startHashSync();

const root = document.getElementById('root');
if (!root) throw new Error('ConvLab: #root element missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
