import { MAX_PUBLIC_URL_LENGTH, publicUrlOrNull, publicUrlProblem } from './public-url.js';

describe('publicUrlProblem', () => {
  it.each([
    'https://cdn.example.com/a.jpg',
    'http://photos.example.org:8080/anna.png?size=64#x',
    'https://example.com./a.jpg',
    'https://пример.рф/фото.jpg',
    'https://93.184.216.34/a.jpg',
    'https://[2606:2800:220:1:248:1893:25c8:1946]/a.jpg',
    `https://example.com/${'a'.repeat(MAX_PUBLIC_URL_LENGTH - 'https://example.com/'.length)}`,
  ])('accepts %s', (url) => {
    expect(publicUrlProblem(url)).toBeNull();
  });

  it.each([
    ['javascript:alert(1)', 'http or https'],
    ['ftp://files.example.com/a.jpg', 'http or https'],
    ['data:image/png;base64,AAAA', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['/photos/a.jpg', 'http or https'],
    ['http:example.com/a.jpg', 'http or https'],
    ['cdn.example.com/a.jpg', 'http or https'],
    ['', 'http or https'],
    ['http://user:pass@example.com/a.jpg', 'user name or password'],
    ['http://user@example.com/a.jpg', 'user name or password'],
    ['http://example.com\\@127.0.0.1/a.jpg', 'backslashes'],
    ['http://localhost/a.jpg', 'local or private'],
    ['http://LOCALHOST./a.jpg', 'local or private'],
    ['http://ⓛocalhost/a.jpg', 'local or private'],
    ['http://%6c%6fcalhost/a.jpg', 'local or private'],
    ['http://api.localhost/a.jpg', 'local or private'],
    ['http://printer.local/a.jpg', 'local or private'],
    ['http://photos.internal/a.jpg', 'local or private'],
    ['http://nas.home.arpa/a.jpg', 'local or private'],
    ['http://photos/a.jpg', 'with a dot'],
    ['http://127.0.0.1/a.jpg', 'private, loopback'],
    ['http://127.8.9.10:3000/a.jpg', 'private, loopback'],
    ['http://10.1.2.3/a.jpg', 'private, loopback'],
    ['http://172.16.0.1/a.jpg', 'private, loopback'],
    ['http://172.31.255.254/a.jpg', 'private, loopback'],
    ['http://192.168.1.1/a.jpg', 'private, loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'private, loopback'],
    ['http://100.64.0.1/a.jpg', 'private, loopback'],
    ['http://0.0.0.0/a.jpg', 'private, loopback'],
    ['http://255.255.255.255/a.jpg', 'private, loopback'],
    ['http://[::1]/a.jpg', 'private, loopback'],
    ['http://[::]/a.jpg', 'private, loopback'],
    ['http://[fc00::1]/a.jpg', 'private, loopback'],
    ['http://[fd12:3456::1]/a.jpg', 'private, loopback'],
    ['http://[fe80::1]/a.jpg', 'private, loopback'],
    ['http://[::ffff:127.0.0.1]/a.jpg', 'private, loopback'],
    ['http://[::ffff:8.8.8.8]/a.jpg', 'private, loopback'],
    ['http://2130706433/a.jpg', 'four decimal numbers'],
    ['http://0x7f.0.0.1/a.jpg', 'four decimal numbers'],
    ['http://0177.0.0.1/a.jpg', 'four decimal numbers'],
    ['http://127.1/a.jpg', 'four decimal numbers'],
    ['http://0/a.jpg', 'four decimal numbers'],
    ['http://134744072/a.jpg', 'four decimal numbers'],
    ['http://１２７.０.０.１/a.jpg', 'four decimal numbers'],
    ['http://exa mple.com/a.jpg', 'spaces or control'],
    ['http://example.com/a\n.jpg', 'spaces or control'],
    [`https://example.com/${'a'.repeat(MAX_PUBLIC_URL_LENGTH)}`, `at most ${MAX_PUBLIC_URL_LENGTH}`],
  ])('refuses %s', (url, reason) => {
    expect(publicUrlProblem(url)).toContain(reason);
  });

  it('keeps a public stored URL and drops one the rules refuse', () => {
    expect(publicUrlOrNull('https://cdn.example.com/a.jpg')).toBe('https://cdn.example.com/a.jpg');
    expect(publicUrlOrNull('http://127.0.0.1/a.jpg')).toBeNull();
    expect(publicUrlOrNull(null)).toBeNull();
  });
});
