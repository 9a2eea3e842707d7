import net from 'node:net';

/**
 * A minimal SMTP server for tests whose app runs in child processes: it accepts every message and
 * records the outbox id each carries (the `X-Stillpoint-Message` header of transport.ts), one
 * entry per message received — a message sent twice is there twice. Plain SMTP, no STARTTLS
 * offered, so nodemailer speaks in clear on the loopback.
 */
export interface MailSink {
  url: string;
  /** Outbox ids in the order the messages arrived. */
  received: string[];
  close: () => Promise<void>;
}

const HEADER = /^X-Stillpoint-Message:\s*(\S+)/im;

export async function startMailSink(): Promise<MailSink> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end === -1) return;
          const body = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          received.push(HEADER.exec(body)?.[1] ?? '(no id)');
          socket.write('250 queued\r\n');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol === -1) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
