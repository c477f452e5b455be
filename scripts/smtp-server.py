#!/usr/bin/env python3
"""The SMTP server the tests send to: aiosmtpd (from PyPI) on a loopback
port, with STARTTLS required before AUTH, and AUTH required before mail.
Each message is delivered to a Maildir named after its envelope sender
(every test app sends from an address of its own), with a Delivered-To
header per recipient, as a real MTA's local delivery writes it.

A few recipient prefixes make the server behave as real ones sometimes do,
so the sender's failure paths meet a real peer:
  bounce-…      550 at RCPT (no such mailbox: a permanent failure)
  busy-once-…   451 at RCPT the first time (try again later), then accepted
  stall-once-…  the first RCPT hangs (a sender killed here never finishes)

Beside it, the two other forms an operator's relay takes, delivering to the
same Maildirs: a relay on the same machine (no TLS, no AUTH, as a local MTA
on port 25 is) and implicit TLS from the first byte (SMTPS, as on port 465)
with AUTH; their ports go to F-relay and F-smtps.

Usage: smtp-server.py --port-file F --maildir DIR --cert C --key K --user U --password P
"""
import argparse
import asyncio
import mailbox
import os
import re
import signal
import socket
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Deliver:
    def __init__(self, root, dkim_public_key):
        self.root = root
        self.seen = set()
        self.dkim_public_key = dkim_public_key

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        first = address.lower() not in self.seen
        self.seen.add(address.lower())
        if local.startswith("bounce-"):
            return "550 5.1.1 No such mailbox here"
        if local.startswith("busy-once-") and first:
            return "451 4.3.2 Mailbox busy, try again later"
        if local.startswith("stall-once-") and first:
            await asyncio.sleep(3600)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        sender = re.sub(r"[^A-Za-z0-9@._+-]", "_", envelope.mail_from or "nobody")
        box = mailbox.Maildir(os.path.join(self.root, sender), create=True)
        content = envelope.original_content
        extra = b""
        if self.dkim_public_key is not None and b"DKIM-Signature:" in content:
            extra = b"X-Test-DKIM: " + (b"pass" if self.verify_dkim(content) else b"fail") + b"\r\n"
        for rcpt in envelope.rcpt_tos:
            box.add(b"Delivered-To: " + rcpt.encode() + b"\r\n" + extra + content)
        return "250 2.0.0 Delivered"

    def verify_dkim(self, content):
        import dkim  # dkimpy, from PyPI

        record = b"v=DKIM1; k=rsa; p=" + self.dkim_public_key
        return dkim.verify(content, dnsfunc=lambda name, timeout=5: record)


class Accounts:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            self.user,
            self.password,
        )
        # handled=False: the server itself answers 535 to a wrong password.
        return AuthResult(success=ok, handled=False)


def main():
    parser = argparse.ArgumentParser()
    for name in ["port-file", "maildir", "cert", "key", "user", "password"]:
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--dkim-public-key")
    args = parser.parse_args()

    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(args.cert, args.key)

    def free_port():
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    port, relay_port, smtps_port = free_port(), free_port(), free_port()
    dkim_key = None
    if args.dkim_public_key:
        with open(args.dkim_public_key, "rb") as f:
            dkim_key = b"".join(l.strip() for l in f if not l.startswith(b"-----"))
    controller = Controller(
        Deliver(args.maildir, dkim_key),
        hostname="127.0.0.1",
        port=port,
        server_hostname="localhost",
        tls_context=tls,
        require_starttls=True,
        authenticator=Accounts(args.user, args.password),
        auth_required=True,
        auth_require_tls=True,
    )
    deliver = controller.handler
    relay = Controller(deliver, hostname="127.0.0.1", port=relay_port, server_hostname="localhost")
    smtps = Controller(
        deliver,
        hostname="127.0.0.1",
        port=smtps_port,
        server_hostname="localhost",
        ssl_context=tls,
        authenticator=Accounts(args.user, args.password),
        auth_required=True,
        # TLS from the first byte, which aiosmtpd does not count as STARTTLS.
        auth_require_tls=False,
    )
    for server in (controller, relay, smtps):
        server.start()
    for suffix, value in (("-relay", relay_port), ("-smtps", smtps_port), ("", port)):
        with open(args.port_file + suffix + ".tmp", "w") as f:
            f.write(str(value))
        os.rename(args.port_file + suffix + ".tmp", args.port_file + suffix)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    for server in (controller, relay, smtps):
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
