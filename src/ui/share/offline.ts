/**
 * "Offline once loaded": in production builds a service worker (public/sw.js)
 * keeps the built files, so a reload with the network gone still opens the
 * app. Development builds never register it (Vite serves modules live).
 */
export function registerOfflineCache(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  const register = () => {
    // Relative to the page: works from any sub-path (vite.config.ts `base: './'`); the scope is the app's folder.
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // No offline copy (private mode, blocked by policy): the app works as before.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
