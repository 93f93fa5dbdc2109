// Invite a LinkedIn member from the first LinkedIn account in working order, with Unipile's
// official node SDK, and print the outcome as one JSON line.
//
//   node invite.mjs BASE_URL API_KEY PUBLIC_IDENTIFIER [NOTE]
//
// BASE_URL is your Unipile DSN (https://apiN.unipile.com:PORT) or the simulator's root
// (http://127.0.0.1:8787): the SDK appends /api/v1 itself. Exit status 0 when the invitation
// went, 1 when Unipile refused it (the line then has the error's type and status).

import { UnipileClient, UnsuccessfulRequestError } from 'unipile-node-sdk';

const [baseUrl, apiKey, identifier, note] = process.argv.slice(2);
if (!baseUrl || !apiKey || !identifier) {
  console.error('usage: node invite.mjs BASE_URL API_KEY PUBLIC_IDENTIFIER [NOTE]');
  process.exit(2);
}
const client = new UnipileClient(baseUrl, apiKey);

try {
  const { items } = await client.account.getAll();
  const sender = items.find(
    (account) => account.type === 'LINKEDIN' && account.sources.every((s) => s.status === 'OK'),
  );
  const profile = await client.users.getProfile({ account_id: sender.id, identifier });
  const sent = await client.users.sendInvitation({
    account_id: sender.id,
    provider_id: profile.provider_id,
    ...(note ? { message: note } : {}),
  });
  console.log(JSON.stringify({
    sender: sender.name,
    invited: `${profile.first_name} ${profile.last_name}`,
    distance: profile.network_distance,
    invitation_id: sent.invitation_id,
  }));
} catch (error) {
  if (!(error instanceof UnsuccessfulRequestError)) throw error;
  // Unipile's error envelope: {status, type, title, detail}
  console.log(JSON.stringify({ error: error.body.type, status: error.body.status }));
  process.exit(1);
}
