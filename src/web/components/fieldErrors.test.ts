import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { fieldErrorMap, normalizePath } from './fieldErrors';

describe('fieldErrorMap', () => {
  it('keys problem errors by their slash path', () => {
    const error = new ApiError(400, {
      errors: [
        { path: 'address/city', message: 'Required.' },
        { path: '/conditions/2/code', message: 'Bad code.' },
        { path: 'body/email', message: 'Invalid.' },
        { path: 'address/city', message: 'Too long.' },
      ],
    });
    expect(fieldErrorMap(error)).toEqual({
      'address/city': 'Required. Too long.',
      'conditions/2/code': 'Bad code.',
      email: 'Invalid.',
    });
    expect(fieldErrorMap(undefined)).toEqual({});
    expect(normalizePath('/body/x')).toBe('x');
  });
});
