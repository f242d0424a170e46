import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { precis } from './api/client.ts';
import { installDiagnostics } from './diagnostics.ts';
import { followEvents } from './events/followEvents.ts';
import { startHanging } from './viewer/hanging.ts';
import { startSync } from './viewer/sync/viewportSync.ts';
import { startReading } from './reading/startReading.ts';
import './styles.css';

installDiagnostics();
// Create the API client first: it takes the token out of the address bar.
followEvents(precis());
startReading();
startSync();
startHanging();

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
