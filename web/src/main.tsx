import '@xyflow/react/dist/base.css';
import './styles/base.css';
import './styles/components.css';
import './styles/layout.css';
import './styles/graph.css';
import './styles/pages.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
