import { describe, expect, it } from 'vitest';
import { isPublicAddress, webhookUrlProblem, type HostLookup } from './webhook-url-safety';

const dns =
  (answers: Record<string, string[]>): HostLookup =>
  async (host) => {
    const found = answers[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('which addresses a webhook may reach', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['198.18.0.1', 'benchmarking'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local with a zone'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
    ['::ffff:10.1.2.3', 'IPv4-mapped private'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped link-local'],
    ['64:ff9b::a00:1', 'NAT64 of a private address'],
    ['2002:c0a8:101::1', '6to4 of a private address'],
    ['2001:db8::1', 'documentation'],
    ['not an address', 'not an address'],
  ])('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001:830::200e', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('webhookUrlProblem', () => {
  const strict = { allowPrivateUrls: false, lookup: dns({ 'hooks.example.com': ['93.184.215.14', '2606:2800:220:1::1'], 'inside.example.com': ['93.184.215.14', '10.0.0.7'], 'v6only.example.com': ['::1'] }) };

  it('allows https to a name whose every address is public, and to a public IP literal', async () => {
    expect(await webhookUrlProblem('https://hooks.example.com/in?x=1', strict)).toBeNull();
    expect(await webhookUrlProblem('https://93.184.215.14:8443/in', strict)).toBeNull();
    expect(await webhookUrlProblem('https://[2606:4700:4700::1111]/in', strict)).toBeNull();
  });

  it('refuses plain http, other schemes and what is not a URL', async () => {
    expect(await webhookUrlProblem('http://hooks.example.com/in', strict)).toBe('must be an https URL');
    expect(await webhookUrlProblem('ftp://hooks.example.com/in', strict)).toBe('must be an https URL');
    expect(await webhookUrlProblem('hooks.example.com/in', strict)).toMatch(/absolute URL/);
    expect(await webhookUrlProblem(`https://hooks.example.com/${'a'.repeat(2100)}`, strict)).toMatch(/at most 2048/);
  });

  it('refuses a name when any of its addresses is private, and one that does not resolve', async () => {
    expect(await webhookUrlProblem('https://inside.example.com/in', strict)).toBe('the host inside.example.com resolves to 10.0.0.7, a private, loopback, link-local or reserved address');
    expect(await webhookUrlProblem('https://v6only.example.com/in', strict)).toMatch(/resolves to ::1/);
    expect(await webhookUrlProblem('https://gone.example.com/in', strict)).toBe('the host gone.example.com does not resolve (ENOTFOUND)');
  });

  it('reads IP literals as the kernel would: brackets, decimal and hex forms', async () => {
    for (const url of ['https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://2130706433/', 'https://0x7f.1/', 'https://0177.0.0.1/', 'https://169.254.169.254/latest/meta-data/']) {
      expect(await webhookUrlProblem(url, strict), url).toMatch(/must not point at a private/);
    }
  });

  it('allows http and private addresses with WEBHOOK_ALLOW_PRIVATE_URLS, without resolving anything', async () => {
    const lookup: HostLookup = async () => {
      throw new Error('must not be called');
    };
    expect(await webhookUrlProblem('http://127.0.0.1:3999/hooks', { allowPrivateUrls: true, lookup })).toBeNull();
    expect(await webhookUrlProblem('https://internal.corp/hooks', { allowPrivateUrls: true, lookup })).toBeNull();
    expect(await webhookUrlProblem('ftp://127.0.0.1/', { allowPrivateUrls: true, lookup })).toBe('must be an http or https URL');
  });
});
