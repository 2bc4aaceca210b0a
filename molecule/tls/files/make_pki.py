# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A throw-away CA and one certificate per lab host, for the tls scenario.

Usage: make_pki.py DIRECTORY HOST=ADDRESS...
Writes DIRECTORY/ca.crt and, per host, HOST.crt and HOST.key (0600). Each certificate names the
host, its address and 127.0.0.1 (the roles talk to the local server over loopback), and serves
for both ends of a connection (Redis and Sentinel use it as a client towards each other)."""

from __future__ import absolute_import, division, print_function

import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def write(path, data, mode=0o644):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, 'wb') as handle:
        handle.write(data)


def make_ca(common_name, now):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, name, cert


def main():
    directory, hosts = sys.argv[1], dict(item.split('=', 1) for item in sys.argv[2:])
    os.makedirs(directory, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, ca_name, ca = make_ca('redisops.ha lab CA', now)
    write(os.path.join(directory, 'ca.crt'), ca.public_bytes(serialization.Encoding.PEM))
    # A CA that signed nothing here: a client trusting only it must be refused.
    write(os.path.join(directory, 'untrusted-ca.crt'),
          make_ca('some other CA', now)[2].public_bytes(serialization.Encoding.PEM))
    for host, address in sorted(hosts.items()):
        key = ec.generate_private_key(ec.SECP256R1())
        names = [x509.DNSName(host), x509.IPAddress(ipaddress.ip_address(address)),
                 x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
                .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=2))
                .add_extension(x509.SubjectAlternativeName(names), critical=False)
                # Python 3.13 (Debian 13's, which runs the modules there) verifies strictly
                # (VERIFY_X509_STRICT): a certificate without these is refused.
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
                               critical=False)
                .sign(ca_key, hashes.SHA256()))
        write(os.path.join(directory, host + '.crt'), cert.public_bytes(serialization.Encoding.PEM))
        write(os.path.join(directory, host + '.key'),
              key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()), 0o600)
    return 0


if __name__ == '__main__':
    sys.exit(main())
