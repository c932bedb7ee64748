// Ambient SvelteKit types for the WardPulse dashboard.
// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
    }
    // The dashboard renders in the browser only (see routes/+layout.ts), so nothing is kept in
    // Locals or PageData yet.
    // interface Locals {}
    // interface PageData {}
    interface PageState {
      /** A confirmation carried to the next page ("Added Sam Patel"), shown once. */
      notice?: string;
    }
    // interface Platform {}
  }
}

export {};
