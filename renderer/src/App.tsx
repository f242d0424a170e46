import { useState } from 'react';
import { StudyBrowser } from './browser/StudyBrowser.tsx';
import { dismissError, toggleBrowser } from './commands.ts';
import { ImportControls } from './importing/ImportControls.tsx';
import type { UploadProgress } from './importing/uploadFiles.ts';
import { PatientBanner } from './layout/PatientBanner.tsx';
import { SidePanel } from './panels/SidePanel.tsx';
import { StatusBar } from './layout/StatusBar.tsx';
import { useApp } from './state/store.ts';
import { Viewer } from './viewer/Viewer.tsx';

export function App() {
  const [upload, setUpload] = useState<(UploadProgress & { cancel: () => void }) | null>(null);
  const { error, browserCollapsed } = useApp();
  return (
    <div className={`app ${browserCollapsed ? 'browser-collapsed' : ''}`}>
      <header className="top-bar">
        <button className="icon" onClick={toggleBrowser} title="Show or hide the study browser">☰</button>
        <span className="brand">Precis</span>
        <PatientBanner />
        <span className="spacer" />
        <ImportControls onUpload={setUpload} />
      </header>
      {error && (
        <div className="error-banner" role="alert" data-testid="error-banner">
          {error} <button onClick={dismissError}>Dismiss</button>
        </div>
      )}
      <main className="workspace">
        {!browserCollapsed && <StudyBrowser />}
        <Viewer />
        <SidePanel />
      </main>
      <StatusBar upload={upload} />
    </div>
  );
}
