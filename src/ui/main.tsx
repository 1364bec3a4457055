import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { DEFAULT_PRESET_ID, presetById } from '../presets';
import { App } from './App';
import { engine } from './engine/client';
import { installTestHooks } from './engine/testhooks';

// `?preset=lvs-dr` opens another preset; the default lab otherwise.
const wanted = new URLSearchParams(location.search).get('preset');
const doc = (wanted && presetById(wanted)) || presetById(DEFAULT_PRESET_ID);
installTestHooks();
if (doc) engine.start(doc);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
