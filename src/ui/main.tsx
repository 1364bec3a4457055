import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { installTestHooks } from './engine/testhooks';
import { startFromAddress } from './share/start';

installTestHooks();
// A share link (`#lab=…`), `?preset=lvs-dr`, or the default lab; embed mode (`?embed=1&…`) too.
startFromAddress();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
