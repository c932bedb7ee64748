/**
 * The create / edit / delete cycle the alerting lists share (rules, rotas, maintenance windows): one
 * form below the list holds either a new item's draft or a copy of the item being edited; saving runs
 * the form model's own checks (the shared schemas) before the server's, POSTs or PUTs, says what was
 * done and reloads the list; deleting (after the page's confirmation) does the same. Focus goes to the
 * form's heading when editing starts, and back to the item's Edit button when it is cancelled.
 */
import { tick } from 'svelte';
import type { ApiClient } from '../api/api-client.js';
import { formErrors, localErrors, NO_ERRORS, type FieldResolver, type FormErrors } from '../forms/form-errors.js';
import type { FormProblem } from './draft-errors.js';

type Checked<Input> = { ok: true; input: Input } | { ok: false; problems: FormProblem[] };

export interface EditableListOptions<Item extends { id: string }, Draft, Input> {
  api: ApiClient;
  /** `/api/v1/alert-rules`: POST here, PUT and DELETE `<path>/<id>`. */
  path: string;
  blank: () => Draft;
  fromItem: (item: Item) => Draft;
  check: (draft: Draft) => Checked<Input>;
  /** The request body's paths to the form's inputs, for the server's errors. */
  resolve: FieldResolver;
  reload: () => Promise<unknown>;
  /** "The rule “X” is created." / "… is saved." */
  savedText: (item: Item, created: boolean) => string;
  deletedText: (item: Item) => string;
  /** The element id of an item's Edit button. */
  editButtonId?: (item: Item) => string;
}

export class EditableList<Item extends { id: string }, Draft, Input> {
  draft: Draft = $state() as Draft;
  editing = $state.raw<Item | null>(null);
  errors = $state<FormErrors>(NO_ERRORS);
  notice = $state<string | null>(null);
  busy = $state(false);
  /** The form's heading, focused when editing starts. */
  heading = $state<HTMLElement>();

  readonly #options: EditableListOptions<Item, Draft, Input>;

  constructor(options: EditableListOptions<Item, Draft, Input>) {
    this.#options = options;
    this.draft = options.blank();
  }

  /** Starts a fresh draft (after the scope the form belongs to changes, say). */
  reset(): void {
    this.editing = null;
    this.draft = this.#options.blank();
    this.errors = NO_ERRORS;
  }

  async edit(item: Item): Promise<void> {
    this.editing = item;
    this.draft = this.#options.fromItem(item);
    this.errors = NO_ERRORS;
    this.notice = null;
    // Let the form show the item, then take the keyboard there.
    await tick();
    this.heading?.scrollIntoView({ block: 'start' });
    this.heading?.focus();
  }

  cancel(): void {
    const item = this.editing;
    this.reset();
    if (item && this.#options.editButtonId) document.getElementById(this.#options.editButtonId(item))?.focus();
  }

  async save(event?: SubmitEvent): Promise<void> {
    event?.preventDefault();
    const checked = this.#options.check(this.draft);
    if (!checked.ok) {
      this.errors = localErrors(checked.problems);
      return;
    }
    this.busy = true;
    this.notice = null;
    const editing = this.editing;
    try {
      const { api, path } = this.#options;
      const saved = editing
        ? await api.put<Item>(`${path}/${encodeURIComponent(editing.id)}`, checked.input)
        : await api.post<Item>(path, checked.input);
      this.notice = this.#options.savedText(saved, editing === null);
      this.reset();
      await this.#options.reload();
    } catch (error) {
      this.errors = formErrors(error, this.#options.resolve);
    } finally {
      this.busy = false;
    }
  }

  async remove(item: Item): Promise<void> {
    this.notice = null;
    try {
      await this.#options.api.delete(`${this.#options.path}/${encodeURIComponent(item.id)}`);
      this.notice = this.#options.deletedText(item);
      if (this.editing?.id === item.id) this.reset();
      this.errors = NO_ERRORS;
      await this.#options.reload();
    } catch (error) {
      this.errors = formErrors(error, () => undefined);
    }
  }

  /** A change outside the form (an escalation policy saved, say) reports here too. */
  report(notice: string | null, errors: FormErrors = NO_ERRORS): void {
    this.notice = notice;
    this.errors = errors;
  }
}
