// Ambient SvelteKit types for the WardPulse dashboard.
// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
  namespace App {
    interface Error {
      message: string;
    }
    // The dashboard renders in the browser only (see routes/+layout.ts), so nothing is kept in
    // Locals, PageData or PageState yet.
    // interface Locals {}
    // interface PageData {}
    // interface PageState {}
    // interface Platform {}
  }
}

export {};
