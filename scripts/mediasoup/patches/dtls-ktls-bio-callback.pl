#!/usr/bin/perl
# Foyer: patch mediasoup's worker/src/RTC/DtlsTransport.cpp for OpenSSL builds
# with kernel-TLS support (Debian's libssl3 is one).
#
# Problem: mediasoup installs a BIO callback (onSslBioOut) on the BIO that
# carries DTLS data to the network. For every "after" callback other than a
# plain BIO_CB_RETURN it returns 1, which replaces the BIO_ctrl() result. When
# libssl asks the BIO whether kernel TLS sending is active
# (BIO_get_ktls_send(), compiled in only when OpenSSL has KTLS) the answer is
# therefore "yes", libssl does not allocate its record write buffer, and the
# first DTLS handshake write (the ServerHello) dereferences NULL: the worker
# dies with SIGSEGV in do_dtls1_write(). mediasoup's own bundled OpenSSL is
# built without KTLS, where that query is the constant 0.
#
# Fix: answer 0 ("no KTLS") to the two KTLS queries, as a KTLS-less OpenSSL
# would. Everything else keeps upstream's behaviour.
#
# Usage: perl dtls-ktls-bio-callback.pl path/to/DtlsTransport.cpp
# Exit codes: 0 patched (or already patched), 3 patterns not found.
use strict;
use warnings;

my $file = shift or die "usage: $0 DtlsTransport.cpp\n";
open(my $in, '<', $file) or die "cannot read $file: $!\n";
local $/;
my $src = <$in>;
close($in);

if ($src =~ /FOYER_KTLS_BIO_PATCH/) {
	print "already patched\n";
	exit 0;
}

# 1. Name the argi parameter of onSslBioOut (it carries the BIO_ctrl command).
my $n1 = ($src =~ s{(onSslBioOut\(\s*BIO\*\s*bio,\s*int\s+operationType,\s*const\s+char\*\s*argp,\s*size_t\s+len,\s*)int\s*/\*argi\*/}{${1}int argi});

# 2. Insert the KTLS answer right after the resultOfcallback computation.
my $insert = <<'CPP';

	// FOYER_KTLS_BIO_PATCH: tell a KTLS-enabled libssl that this memory BIO does
	// not do kernel TLS; otherwise this callback's generic "1" makes libssl skip
	// its write buffer and crash on the first DTLS handshake write.
#if defined(BIO_CTRL_GET_KTLS_SEND) && defined(BIO_CTRL_GET_KTLS_RECV)
	if (
	  operationType == (BIO_CB_CTRL | BIO_CB_RETURN) &&
	  (argi == BIO_CTRL_GET_KTLS_SEND || argi == BIO_CTRL_GET_KTLS_RECV))
	{
		return 0;
	}
#endif
CPP
my $n2 = ($src =~ s{(\n([ \t]*)const long resultOfcallback = [^\n]*;\n)}{$1$insert});

if (!$n1 || !$n2) {
	print STDERR "patterns not found (argi parameter: $n1, resultOfcallback line: $n2)\n";
	exit 3;
}

open(my $out, '>', $file) or die "cannot write $file: $!\n";
print $out $src;
close($out);
print "patched\n";
