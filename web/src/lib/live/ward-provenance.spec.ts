import { describe, expect, it } from 'vitest';
import { feedNote, sourceText } from './ward-provenance.js';

describe('where a ward’s figures came from', () => {
  it('names the person who keyed them, or the system that sent them', () => {
    expect(sourceText({ source: { kind: 'manual', name: 'Sam Patel' } })).toBe('Keyed by Sam Patel');
    expect(sourceText({ source: { kind: 'manual', name: null } })).toBe('Keyed by hand');
    expect(sourceText({ source: { kind: 'feed', name: null } })).toBe('Sent by the electronic feed');
    expect(sourceText({ source: { kind: 'hl7', name: null } })).toBe('Sent by the HL7 feed');
    expect(sourceText({ source: { kind: 'import', name: null } })).toBe('Loaded from a file import');
  });

  it('warns that a save over an electronic feed is an override, and says nothing for a hand-kept ward', () => {
    expect(feedNote(null)).toBeNull();
    expect(feedNote({ source: { kind: 'manual', name: 'Sam' }, override: false })).toBeNull();
    expect(feedNote({ source: { kind: 'hl7', name: null }, override: false })).toContain(
      'show as an override until the feed next reports',
    );
    expect(feedNote({ source: { kind: 'manual', name: 'Sam' }, override: true })).toContain(
      'override the electronic feed until it next reports',
    );
  });
});
