"""Outgoing connections: a name is resolved once, checked to be public, and the connection goes to
exactly the checked address with the name's Host header, TLS server name and certificate check."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from alongside.core.net import (
    AddressNotPublic,
    HostUnresolvable,
    is_public_address,
    pinned_session,
    resolve_public_address,
)

NAME = "push.rebind.test"
REAL_GETADDRINFO = socket.getaddrinfo


@pytest.mark.parametrize(
    "address, public",
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("::1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("224.0.0.1", False),
        ("0.0.0.0", False),
        ("192.0.2.1", False),  # documentation range
        ("not an address", False),
    ],
)
def test_which_addresses_are_public(address, public):
    assert is_public_address(address) is public


def answers(table: dict[str, list[list[str]]], asked: list[str]):
    """A resolver that gives each listed name its next answer (the last one repeats); any other
    host (an address literal) goes to the real resolver."""

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        if host in table:
            queue = table[host]
            current = queue.pop(0) if len(queue) > 1 else queue[0]
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in current
            ]
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    return getaddrinfo


def test_resolving_gives_the_first_address_only_when_all_are_public(monkeypatch):
    asked: list[str] = []
    table = {
        "public.example": [["93.184.216.34", "2606:2800:220:1::1"]],
        "mixed.example": [["93.184.216.34", "10.0.0.7"]],
    }
    monkeypatch.setattr(socket, "getaddrinfo", answers(table, asked))
    assert resolve_public_address("public.example", 443) == "93.184.216.34"
    with pytest.raises(AddressNotPublic):
        resolve_public_address("mixed.example", 443)
    with pytest.raises(AddressNotPublic):
        resolve_public_address("127.0.0.1", 443)


def test_a_name_that_does_not_resolve_is_said_so(monkeypatch):
    def nothing(*args, **kwargs):
        raise socket.gaierror("no such name")

    monkeypatch.setattr(socket, "getaddrinfo", nothing)
    with pytest.raises(HostUnresolvable):
        resolve_public_address("nowhere.example", 443)


# --- A local HTTPS server with a certificate for NAME, from a throw-away CA -------------------


def _certificate(subject_name: str, issuer_key, issuer_name, key, *, ca: bool, san: str | None):
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_name)]))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        ).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory):
    """A CA file, and a certificate with key for NAME and for another name, signed by that CA."""
    folder = tmp_path_factory.mktemp("tls")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA")])
    ca = _certificate("Test CA", ca_key, ca_name, ca_key, ca=True, san=None)
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files = {"ca": str(folder / "ca.pem")}
    for label, name in (("right", NAME), ("wrong", "someone-else.test")):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(name, ca_key, ca_name, key, ca=False, san=name)
        (folder / f"{label}.pem").write_bytes(
            cert.public_bytes(serialization.Encoding.PEM)
            + key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        files[label] = str(folder / f"{label}.pem")
    return files


class HttpsServer:
    """Listens on 127.0.0.1 over TLS; records the server name each client asked for (SNI) and
    each request's Host header."""

    def __init__(self, certificate_file: str, status: int = 201, location: str = ""):
        self.server_names: list[str | None] = []
        self.requests: list[tuple[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                outer.requests.append((self.command, self.headers.get("Host", "")))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate_file)

        def remember(sock, server_name, _context):
            outer.server_names.append(server_name)

        context.sni_callback = remember
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_the_pinned_session_connects_to_the_checked_address_with_the_names_tls(tls_files, monkeypatch):
    asked: list[str] = []
    # Were the name looked up again, it would now point at an address where nothing listens.
    monkeypatch.setattr(socket, "getaddrinfo", answers({NAME: [["127.0.0.9"]]}, asked))
    server = HttpsServer(tls_files["right"])
    try:
        session = pinned_session(NAME, server.port, "127.0.0.1")
        session.verify = tls_files["ca"]
        response = session.post(f"https://{NAME}:{server.port}/push/abc", data=b"x", timeout=10)
    finally:
        server.close()
    assert response.status_code == 201
    assert server.server_names == [NAME]  # SNI is the name, not the address
    assert server.requests == [("POST", f"{NAME}:{server.port}")]
    assert NAME not in asked  # never resolved: the checked address was used


def test_a_certificate_for_another_name_is_refused_even_at_the_checked_address(tls_files):
    server = HttpsServer(tls_files["wrong"])
    try:
        session = pinned_session(NAME, server.port, ["127.0.0.1"])
        session.verify = tls_files["ca"]
        with pytest.raises(requests.exceptions.SSLError):
            session.post(f"https://{NAME}:{server.port}/push/abc", data=b"x", timeout=10)
    finally:
        server.close()
    assert server.requests == []


def test_the_pinned_session_tries_the_checked_addresses_in_order(tls_files):
    server = HttpsServer(tls_files["right"])
    try:
        # Nothing listens on 127.0.0.2 at that port: the next checked address is used.
        session = pinned_session(NAME, server.port, ["127.0.0.2", "127.0.0.1"])
        session.verify = tls_files["ca"]
        response = session.get(f"https://{NAME}:{server.port}/", timeout=10)
    finally:
        server.close()
    assert response.status_code == 201 and len(server.requests) == 1


def test_the_pinned_session_sends_nowhere_else_and_follows_no_redirect(tls_files):
    server = HttpsServer(tls_files["right"], status=307, location="https://169.254.169.254/latest/")
    try:
        session = pinned_session(NAME, server.port, "127.0.0.1")
        session.verify = tls_files["ca"]
        with pytest.raises(AddressNotPublic):
            session.get(f"https://other.example:{server.port}/", timeout=10)
        with pytest.raises(AddressNotPublic):
            session.get(f"https://{NAME}:{server.port + 1}/", timeout=10)
        response = session.get(f"https://{NAME}:{server.port}/", timeout=10)
    finally:
        server.close()
    assert response.status_code == 307 and len(server.requests) == 1
