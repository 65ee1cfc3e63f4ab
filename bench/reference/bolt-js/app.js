'use strict';
// The benchmark's Node reference: a plain Bolt JS 5.1 app with ExpressReceiver, the way Bolt's own
// examples do it. Bolt's defaults (request signature check, auth.test once for the single
// workspace, the Web API client's own queue and retries); /sdx is acknowledged at once and one
// message is posted per command with chat.postMessage. Listens on 127.0.0.1 only: the receiver's
// Express app is served by our own http server instead of app.start(), which binds every address.
//
// Environment: PORT, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL.

const http = require('http');
const { App, ExpressReceiver, LogLevel } = require('@slack/bolt');

const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, endpoints: '/slack/events' });
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  receiver,
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
});

app.command('/sdx', async ({ command, ack, client }) => {
  await ack();
  await client.chat.postMessage({ channel: command.channel_id, text: `Request from <@${command.user_id}>: ${command.text}` });
});

const server = http.createServer(receiver.app);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT || 3000), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.on('SIGTERM', () => process.exit(0));
