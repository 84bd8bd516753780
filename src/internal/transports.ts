import type { Client } from '../../generated/client/index.ts';
import type { Transport } from '../transport/transport.ts';

// Which transport a facade client sends through, so a call can ask it for per-call settings
// without the resources having to carry it around.
const transports = new WeakMap<Client, Transport>();

export const registerTransport = (client: Client, transport: Transport): void => void transports.set(client, transport);
export const transportOf = (client: Client): Transport | undefined => transports.get(client);
