// The dashboard renders in the browser only. Its credentials (a display token in sessionStorage, or
// the session cookie) are the browser's, and its data is the same-origin API and Socket.IO: rendering
// on the server would mean the Node process calling its own API without the token.
export const ssr = false;
