"""The POST itself: to the checked address, TLS verified against the URL's host name (SNI too), no redirects."""

import datetime
import socket
import ssl
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from webhooks.addresses import Target
from webhooks.transport import post


def self_signed(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_file, key_file


def test_tls_is_verified_and_the_host_name_is_sent_as_sni_while_connecting_to_the_checked_address(tmp_path):
    cert_file, key_file = self_signed(tmp_path, "hooks.example.test")
    seen_names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    context.sni_callback = lambda connection, name, ctx: seen_names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))

    def accept_one():
        connection, _ = listener.accept()
        try:
            context.wrap_socket(connection, server_side=True).close()
        except (ssl.SSLError, OSError):
            pass
        finally:
            connection.close()

    threading.Thread(target=accept_one, daemon=True).start()
    target = Target(scheme="https", host="hooks.example.test", port=listener.getsockname()[1], path="/", address="127.0.0.1")

    answer = post(target=target, body=b"{}", headers={})

    listener.close()
    assert answer.status is None and "CERTIFICATE_VERIFY_FAILED" in answer.error  # a self-signed certificate is refused
    assert seen_names == ["hooks.example.test"]  # SNI names the URL's host, though the socket went to 127.0.0.1
