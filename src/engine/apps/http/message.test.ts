import { describe, expect, it } from 'vitest';
import { parseRequestHead, requestEnd } from './message';

describe('where a request ends (Apache read_request_line)', () => {
  it('HTTP/1.x: after the blank line (CRLF or bare LF), not before', () => {
    expect(requestEnd('GET / HTTP/1.0\n')).toBe(-1);
    expect(requestEnd('GET / HTTP/1.0\n\n')).toBe(16);
    expect(requestEnd('GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(27);
  });

  it('HTTP/0.9 (`GET /path`, no version — note 001\'s `GET /HTTP/1.0`): the request line alone', () => {
    expect(requestEnd('GET /HTTP/1.0\n\n')).toBe(14);
    expect(parseRequestHead('GET /HTTP/1.0\n')).toMatchObject({ method: 'GET', target: '/HTTP/1.0', version: 'HTTP/0.9' });
    expect(requestEnd('GET /HTTP/1.0')).toBe(-1);
  });

  it('a malformed version (`HTTP1.0`) is not 0.9: it waits for the head and is refused later', () => {
    expect(requestEnd('GET / HTTP1.0\n')).toBe(-1);
    expect(parseRequestHead('GET / HTTP1.0\n\n').version).toBeNull();
  });
});
