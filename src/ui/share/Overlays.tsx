import './share.css';
import { useEmbed } from '../embed/config';
import { ConfigPreview } from '../export/ConfigPreview';
import { DropZone } from '../export/DropZone';
import { ImportErrors } from '../export/ImportErrors';
import { ShareBanner } from './ShareBanner';

/** Banners over the canvas: a share link that could not be opened, a lab file that could not be read. */
export function ShareOverlays() {
  return (
    <>
      <ShareBanner />
      <ImportErrors />
    </>
  );
}

/** Page-wide layers: the host-configuration dialog and, outside embeds, the drop target for lab files. */
export function ShareLayers() {
  const embed = useEmbed((s) => s.config.embed);
  return (
    <>
      <ConfigPreview />
      {!embed && <DropZone />}
    </>
  );
}
