"""A real (tiny) SMTP server for tests: it accepts mail, or refuses it with 554 like a server that will not relay.

It speaks just enough SMTP for smtplib and Django's SMTP backend, on a local
port, in a thread of the test process; workers in other processes reach it by
EMAIL_HOST/EMAIL_PORT.
"""

import socketserver
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class SMTPServerState:
    refuse: int = 0  # refuse this many MAIL FROM commands, then accept (-1: refuse every one)
    refusals: int = 0
    accepted: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        state: SMTPServerState = self.server.state
        self.reply("220 fake-smtp ESMTP ready")
        data: list[bytes] | None = None
        while line := self.rfile.readline():
            if data is not None:
                if line.rstrip(b"\r\n") == b".":
                    with state.lock:
                        state.accepted.append(b"".join(data))
                    data = None
                    self.reply("250 2.0.0 queued")
                else:
                    data.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 fake-smtp")
            elif verb == b"MAIL":
                with state.lock:
                    refuse = state.refuse < 0 or state.refusals < state.refuse
                    state.refusals += refuse
                self.reply("554 5.7.1 Relay access denied" if refuse else "250 2.1.0 ok")
            elif verb in (b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 ok")
            elif verb == b"DATA":
                data = []
                self.reply("354 end with <CRLF>.<CRLF>")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 5.5.2 command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def fake_smtp_server(*, refuse: int = 0):
    """Yields (host, port, state)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = SMTPServerState(refuse=refuse)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        host, port = server.server_address
        yield host, port, server.state
    finally:
        server.shutdown()
        server.server_close()
