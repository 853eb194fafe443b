/**
 * The name lookup of webhook deliveries (an SSRF guard beside the egress allow-list): the allow-list names
 * hosts, and a name on it may resolve anywhere, so a delivery whose host name resolves to a loopback, link-local
 * (cloud metadata, 169.254.169.254) or unspecified address is refused at connect time, before any byte is sent.
 * It runs for every connection (undici's connect `lookup`), so a DNS answer that changes after the check of the
 * subscription (rebinding) is caught too. An operator who means a receiver on this machine names it
 * `localhost` or by its IP address on the allow-list: IP literals are not looked up.
 */
import { lookup as systemLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, type LookupFunction } from 'node:net';

const refused = new BlockList();
refused.addSubnet('127.0.0.0', 8, 'ipv4');
refused.addSubnet('169.254.0.0', 16, 'ipv4');
refused.addSubnet('0.0.0.0', 8, 'ipv4');
refused.addAddress('::1', 'ipv6');
refused.addAddress('::', 'ipv6');
refused.addSubnet('fe80::', 10, 'ipv6');

/** Loopback, link-local or unspecified, IPv4-mapped IPv6 forms included. */
export function isRefusedReceiverAddress(address: string, family: number): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return refused.check(mapped[1]!, 'ipv4');
  return refused.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

const isLocalhostName = (hostname: string) => {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost');
};

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const resolveAll: Resolve = (hostname, options, callback) => systemLookup(hostname, options, callback);

export function receiverLookup(resolve: Resolve = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, options.all ? [] : '', 4);
      const bad = isLocalhostName(hostname)
        ? undefined
        : addresses.find((a) => isRefusedReceiverAddress(a.address, a.family));
      if (bad) {
        const refusal: NodeJS.ErrnoException = new Error(
          `${hostname} resolves to ${bad.address}, a loopback or link-local address: webhooks are not sent there (name the receiver by its IP address or as localhost on the egress allow-list if you mean it)`,
        );
        refusal.code = 'ERR_WEBHOOK_ADDRESS_REFUSED';
        return callback(refusal, options.all ? [] : '', 4);
      }
      const first = addresses[0];
      if (!first)
        return callback(
          Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }),
          options.all ? [] : '',
          4,
        );
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}
