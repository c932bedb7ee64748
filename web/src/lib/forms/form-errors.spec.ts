import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-client.js';
import { describedByIds, fieldTable, formatWait, formErrors, localErrors } from './form-errors.js';

const fields = fieldTable({
  name: { id: 'key-name', label: 'Name' },
  trusts: { id: 'key-trusts', label: 'Trusts' },
});

describe('formErrors', () => {
  it('puts each field’s message beside it and links the summary to it', () => {
    const error = new ApiError(400, 'malformed', 'the new API key is not well-formed', [
      { path: 'name', message: 'must not be empty' },
      { path: 'trusts', message: 'must name at least one trust' },
    ]);
    expect(formErrors(error, fields)).toEqual({
      summary: [
        { message: 'Name must not be empty', href: '#key-name' },
        { message: 'Trusts must name at least one trust', href: '#key-trusts' },
      ],
      byField: { 'key-name': 'Name must not be empty', 'key-trusts': 'Trusts must name at least one trust' },
    });
  });

  it('keeps the server’s headline and unknown paths in the summary only', () => {
    const error = new ApiError(422, 'invalid', 'a grant names something unknown', [
      { path: 'grants[0].scope.id', message: 'unknown trust "RX9"' },
    ]);
    expect(formErrors(error, fields)).toEqual({
      summary: [{ message: 'A grant names something unknown' }, { message: 'Grants[0].scope.id unknown trust "RX9"' }],
      byField: {},
    });
  });

  it('shows a refusal in the server’s words', () => {
    expect(formErrors(new ApiError(403, 'forbidden', 'none of your roles may manage-access'), fields).summary).toEqual([
      { message: 'None of your roles may manage-access' },
    ]);
  });

  it('says how long to wait after too many attempts', () => {
    const error = new ApiError(429, 'rate_limited', 'too many sign-in attempts; try again in 840 s', [], 840);
    expect(formErrors(error, fields).summary).toEqual([{ message: 'Too many attempts. Wait 14 minutes, then try again.' }]);
    expect(formErrors(new ApiError(429, 'rate_limited', 'too many; try again in 5 s'), fields).summary[0]?.message).toBe(
      'Too many; try again in 5 s',
    );
  });

  it('handles failures that are not API errors', () => {
    expect(formErrors(new Error('offline'), fields).summary).toEqual([{ message: 'offline' }]);
  });
});

describe('localErrors', () => {
  it('keeps the first problem per field', () => {
    const email = { id: 'email', label: 'Email address' };
    expect(
      localErrors([
        { field: email, message: 'Enter your email address' },
        { field: email, message: 'Enter an email address like name@example.nhs.uk' },
      ]),
    ).toEqual({
      summary: [{ message: 'Enter your email address', href: '#email' }],
      byField: { email: 'Enter your email address' },
    });
  });
});

describe('formatWait', () => {
  it('rounds minutes up and keeps short waits in seconds', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(900)).toBe('15 minutes');
  });
});

describe('describedByIds', () => {
  it('lists the hint and the error shown, or nothing', () => {
    expect(describedByIds('name', 'A hint', 'An error')).toBe('name-hint name-error');
    expect(describedByIds('name', undefined, 'An error')).toBe('name-error');
    expect(describedByIds('name')).toBeUndefined();
  });
});
