#!/usr/bin/env node
// Smoke test for a mediasoup-worker binary (e.g. one built by build-worker.sh).
//
// Usage (from a directory where the `mediasoup` npm package is installed,
// install scripts not needed):
//   MEDIASOUP_WORKER_BIN=/path/to/mediasoup-worker node scripts/mediasoup/verify-worker.mjs
//
// Checks, in order:
//   1. basic     Worker + Router + WebRtcTransport + PlainTransport created and closed.
//   2. srtp      RTP sent from this process into a PlainTransport is forwarded over an
//                SRTP-encrypted PlainTransport pair between two routers and received
//                back here, once per crypto suite (exercises the libsrtp layer).
//   3. ice-dtls  A real ICE (STUN binding with USE-CANDIDATE) + DTLS 1.2 handshake
//                against a WebRtcTransport, with the worker as DTLS server
//                (`openssl s_client` as peer) and as DTLS client (`openssl s_server`),
//                through a small UDP relay; passes when the transport reports
//                dtlsState "connected" (mediasoup only reports that after creating
//                both SRTP sessions from the DTLS-SRTP keys). Skipped when the
//                `openssl` command is missing.
// FOYER_VERIFY_DEBUG=1 prints the worker's debug log.
// Exit code 0 when every check that ran passed. `--basic` runs only check 1.

import { createRequire } from 'node:module';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const LOOPBACK = '127.0.0.1';
const results = [];

function report(name, status, detail = '') {
	results.push({ name, status });
	console.log(`[${status}] ${name}${detail ? `: ${detail}` : ''}`);
}

function loadMediasoup() {
	// Resolve from the current directory first (the usual case: a temp dir
	// with mediasoup installed), then from this script's location.
	for (const base of [path.join(process.cwd(), 'noop.js'), import.meta.url]) {
		try {
			return createRequire(base)('mediasoup');
		} catch {
			// try next
		}
	}
	throw new Error('cannot resolve the "mediasoup" package from the current directory');
}

const withTimeout = (promise, ms, what) =>
	Promise.race([
		promise,
		new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout waiting for ${what}`)), ms)),
	]);

const bindSocket = (socket) =>
	new Promise((resolve, reject) => {
		socket.once('error', reject);
		socket.bind(0, LOOPBACK, () => resolve(socket.address().port));
	});

const opus = { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 };

// ---------------------------------------------------------------- check 1
async function checkBasic(mediasoup) {
	const worker = await mediasoup.createWorker({ logLevel: 'warn' });
	const router = await worker.createRouter({ mediaCodecs: [opus] });
	const webRtcTransport = await router.createWebRtcTransport({
		listenInfos: [
			{ protocol: 'udp', ip: LOOPBACK },
			{ protocol: 'tcp', ip: LOOPBACK },
		],
	});
	const plainTransport = await router.createPlainTransport({
		listenInfo: { protocol: 'udp', ip: LOOPBACK },
		rtcpMux: true,
		comedia: true,
	});
	const candidates = webRtcTransport.iceCandidates.map((c) => `${c.protocol}:${c.port}`).join(',');
	const fp = webRtcTransport.dtlsParameters.fingerprints.length;
	const dump = await webRtcTransport.dump();
	webRtcTransport.close();
	plainTransport.close();
	router.close();
	worker.close();
	if (!dump.iceParameters?.usernameFragment || fp === 0) {
		throw new Error('WebRtcTransport has no ICE parameters or DTLS fingerprints');
	}
	return `pid ${worker.pid}, ICE candidates ${candidates}, ${fp} DTLS fingerprints, plain port ${plainTransport.tuple.localPort}`;
}

// ---------------------------------------------------------------- check 2
function rtpPacket(seq, ts, ssrc) {
	const payload = crypto.randomBytes(80);
	const header = Buffer.alloc(12);
	header[0] = 0x80;
	header[1] = 100; // payload type
	header.writeUInt16BE(seq & 0xffff, 2);
	header.writeUInt32BE(ts >>> 0, 4);
	header.writeUInt32BE(ssrc >>> 0, 8);
	return Buffer.concat([header, payload]);
}

async function checkSrtpSuite(worker, suite) {
	const routerA = await worker.createRouter({ mediaCodecs: [opus] });
	const routerB = await worker.createRouter({ mediaCodecs: [opus] });
	const source = dgram.createSocket('udp4');
	const sink = dgram.createSocket('udp4');
	try {
		const listenInfo = { protocol: 'udp', ip: LOOPBACK };
		const ingress = await routerA.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
		const producer = await ingress.produce({
			kind: 'audio',
			rtpParameters: {
				codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
				encodings: [{ ssrc: 0x11223344 }],
			},
		});

		const srtpOpts = { listenInfo, rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: suite };
		const linkA = await routerA.createPlainTransport(srtpOpts);
		const linkB = await routerB.createPlainTransport(srtpOpts);
		await linkA.connect({ ip: LOOPBACK, port: linkB.tuple.localPort, srtpParameters: linkB.srtpParameters });
		await linkB.connect({ ip: LOOPBACK, port: linkA.tuple.localPort, srtpParameters: linkA.srtpParameters });
		const linkConsumer = await linkA.consume({ producerId: producer.id, rtpCapabilities: routerA.rtpCapabilities });
		const linkProducer = await linkB.produce({ kind: 'audio', rtpParameters: linkConsumer.rtpParameters });

		const sinkPort = await bindSocket(sink);
		await bindSocket(source);
		const egress = await routerB.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
		await egress.connect({ ip: LOOPBACK, port: sinkPort });
		const out = await egress.consume({ producerId: linkProducer.id, rtpCapabilities: routerB.rtpCapabilities });
		const outSsrc = out.rtpParameters.encodings[0].ssrc;

		let received = 0;
		sink.on('message', (msg) => {
			// RTP only: RTCP packet types 192-223 show up as 64-95 after masking the marker bit.
			const pt = msg.length >= 12 ? msg[1] & 0x7f : -1;
			if (pt >= 0 && (pt < 64 || pt > 95) && msg.readUInt32BE(8) === outSsrc) received++;
		});

		const sent = 100;
		for (let i = 0; i < sent; i++) {
			source.send(rtpPacket(1000 + i, 960 * i, 0x11223344), ingress.tuple.localPort, LOOPBACK);
			await new Promise((r) => setTimeout(r, 5));
		}
		await new Promise((r) => setTimeout(r, 300));

		const statsB = await linkB.getStats();
		const bytesIn = statsB[0]?.rtpBytesReceived ?? statsB[0]?.bytesReceived ?? 0;
		if (received < sent * 0.9) {
			throw new Error(`only ${received}/${sent} packets came through (SRTP link bytes in: ${bytesIn})`);
		}
		return `${received}/${sent} packets through the SRTP link`;
	} finally {
		source.close();
		sink.close();
		routerA.close();
		routerB.close();
	}
}

// ---------------------------------------------------------------- check 3
const crcTable = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(buf) {
	let c = 0xffffffff;
	for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function stunAttr(type, value) {
	const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
	padded.writeUInt16BE(type, 0);
	padded.writeUInt16BE(value.length, 2);
	value.copy(padded, 4);
	return padded;
}

// STUN Binding request as a controlling ICE agent would send it (RFC 8445).
function stunBindingRequest(username, password) {
	const header = Buffer.alloc(20);
	header.writeUInt16BE(0x0001, 0);
	header.writeUInt32BE(0x2112a442, 4);
	crypto.randomBytes(12).copy(header, 8);
	const priority = Buffer.alloc(4);
	priority.writeUInt32BE(0x6e7f1eff);
	let attrs = Buffer.concat([
		stunAttr(0x0006, Buffer.from(username)), // USERNAME
		stunAttr(0x0024, priority), // PRIORITY
		stunAttr(0x802a, crypto.randomBytes(8)), // ICE-CONTROLLING
		stunAttr(0x0025, Buffer.alloc(0)), // USE-CANDIDATE
	]);
	header.writeUInt16BE(attrs.length + 24, 2);
	const mi = crypto.createHmac('sha1', password).update(Buffer.concat([header, attrs])).digest();
	attrs = Buffer.concat([attrs, stunAttr(0x0008, mi)]); // MESSAGE-INTEGRITY
	header.writeUInt16BE(attrs.length + 8, 2);
	const fp = Buffer.alloc(4);
	fp.writeUInt32BE((crc32(Buffer.concat([header, attrs])) ^ 0x5354554e) >>> 0);
	attrs = Buffer.concat([attrs, stunAttr(0x8028, fp)]); // FINGERPRINT
	return Buffer.concat([header, attrs]);
}

function hasOpenssl() {
	return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

// workerRole 'server': openssl s_client is the DTLS client (the usual case for a
// browser that answers with a=setup:active); 'client': openssl s_server.
async function checkIceDtls(worker, workerRole) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-dtls-'));
	const keyFile = path.join(tmp, 'key.pem');
	const certFile = path.join(tmp, 'cert.pem');
	const gen = spawnSync('openssl', [
		'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
		'-subj', '/CN=foyer-verify', '-days', '1', '-keyout', keyFile, '-out', certFile,
	], { encoding: 'utf8' });
	if (gen.status !== 0) throw new Error(`openssl req failed: ${gen.stderr}`);
	const fingerprint = new crypto.X509Certificate(fs.readFileSync(certFile)).fingerprint256;

	const router = await worker.createRouter({ mediaCodecs: [opus] });
	const transport = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: LOOPBACK }] });
	const ice = dgram.createSocket('udp4'); // talks to mediasoup
	const front = dgram.createSocket('udp4'); // talks to openssl s_client
	let client;
	let clientAddr;
	let clientOutput = '';
	try {
		await bindSocket(ice);
		const frontPort = await bindSocket(front);
		let peerPort;
		if (workerRole === 'client') {
			// openssl s_server needs a fixed port: take a free one.
			const probe = dgram.createSocket('udp4');
			peerPort = await bindSocket(probe);
			probe.close();
			clientAddr = { port: peerPort, address: LOOPBACK };
		}
		const server = transport.iceCandidates.find((c) => c.protocol === 'udp');
		const { usernameFragment, password } = transport.iceParameters;

		const iceState = new Promise((resolve) => {
			transport.on('icestatechange', (state) => {
				if (state === 'connected' || state === 'completed') resolve(state);
			});
		});
		const dtlsState = new Promise((resolve, reject) => {
			transport.on('dtlsstatechange', (state) => {
				if (state === 'connected') resolve(state);
				if (state === 'failed' || state === 'closed') reject(new Error(`dtlsState ${state}`));
			});
		});
		let stunOk = false;
		ice.on('message', (msg) => {
			if (msg.length >= 20 && msg[0] < 2) {
				if (msg.readUInt16BE(0) === 0x0101) stunOk = true;
				return;
			}
			if (clientAddr) front.send(msg, clientAddr.port, clientAddr.address);
		});
		front.on('message', (msg, rinfo) => {
			clientAddr = rinfo;
			ice.send(msg, server.port, server.address ?? server.ip);
		});

		const srtpProfiles = 'SRTP_AEAD_AES_256_GCM:SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80:SRTP_AES128_CM_SHA1_32';
		const startPeer = (args) => {
			client = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
			client.stdout.on('data', (d) => { clientOutput += d; });
			client.stderr.on('data', (d) => { clientOutput += d; });
		};
		if (workerRole === 'client') {
			startPeer([
				's_server', '-dtls1_2', '-accept', `${LOOPBACK}:${peerPort}`,
				'-cert', certFile, '-key', keyFile, '-use_srtp', srtpProfiles,
			]);
			await new Promise((r) => setTimeout(r, 500));
		}

		await transport.connect({
			dtlsParameters: {
				role: workerRole === 'server' ? 'client' : 'server',
				fingerprints: [{ algorithm: 'sha-256', value: fingerprint }],
			},
		});

		const stun = stunBindingRequest(`${usernameFragment}:foyer`, password);
		for (let i = 0; i < 5 && !stunOk; i++) {
			ice.send(stun, server.port, server.address ?? server.ip);
			await new Promise((r) => setTimeout(r, 100));
		}
		if (!stunOk) throw new Error('no STUN Binding success response from the WebRtcTransport');
		const iceResult = await withTimeout(iceState, 3000, 'ICE state connected/completed');

		if (workerRole === 'server') {
			startPeer([
				's_client', '-dtls1_2', '-connect', `${LOOPBACK}:${frontPort}`,
				'-cert', certFile, '-key', keyFile, '-use_srtp', srtpProfiles,
			]);
		}
		await withTimeout(dtlsState, 10000, 'DTLS state connected');
		await new Promise((r) => setTimeout(r, 200));
		const profile = /SRTP Extension negotiated, profile=(\S+)/.exec(clientOutput)?.[1] ?? 'unknown';
		return `ICE ${iceResult}, DTLS connected (worker role ${workerRole}), SRTP profile ${profile}`;
	} catch (error) {
		if (clientOutput) error.message += `\n--- openssl s_client output ---\n${clientOutput.slice(-1500)}`;
		throw error;
	} finally {
		client?.kill();
		ice.close();
		front.close();
		router.close();
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------- main
async function main() {
	if (!process.env.MEDIASOUP_WORKER_BIN) {
		console.error('verify-worker: set MEDIASOUP_WORKER_BIN to the worker binary to test');
		process.exit(2);
	}
	const mediasoup = loadMediasoup();
	const workerErrors = [];
	const debug = process.env.FOYER_VERIFY_DEBUG === '1';
	mediasoup.setLogEventListeners?.({
		ondebug: debug ? (namespace, log) => console.log(`debug ${namespace} ${log}`) : undefined,
		onwarn: debug ? (namespace, log) => console.log(`warn ${namespace} ${log}`) : undefined,
		onerror: (namespace, log) => workerErrors.push(`${namespace} ${log}`),
	});
	console.log(`mediasoup ${mediasoup.version}, worker ${process.env.MEDIASOUP_WORKER_BIN}`);

	try {
		report('basic: Worker + Router + WebRtcTransport + PlainTransport', 'PASS', await checkBasic(mediasoup));
	} catch (error) {
		report('basic: Worker + Router + WebRtcTransport + PlainTransport', 'FAIL', error.stack ?? String(error));
	}

	if (!process.argv.includes('--basic') && results.every((r) => r.status === 'PASS')) {
		const worker = await mediasoup.createWorker(
			debug ? { logLevel: 'debug', logTags: ['info', 'ice', 'dtls', 'rtp', 'srtp', 'rtcp'] } : { logLevel: 'warn' },
		);
		for (const suite of ['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']) {
			try {
				report(`srtp: RTP over SRTP PlainTransports (${suite})`, 'PASS', await checkSrtpSuite(worker, suite));
			} catch (error) {
				report(`srtp: RTP over SRTP PlainTransports (${suite})`, 'FAIL', error.message);
			}
		}
		for (const role of ['server', 'client']) {
			const name = `ice-dtls: WebRtcTransport ICE + DTLS handshake (worker as DTLS ${role})`;
			if (!hasOpenssl()) {
				report(name, 'SKIP', '`openssl` command not found');
				continue;
			}
			try {
				report(name, 'PASS', await checkIceDtls(worker, role));
			} catch (error) {
				report(name, 'FAIL', error.message);
			}
		}
		worker.close();
	}

	if (workerErrors.length > 0) {
		console.log(`worker logged ${workerErrors.length} error(s):\n  ${workerErrors.slice(0, 10).join('\n  ')}`);
	}
	const failed = results.filter((r) => r.status === 'FAIL').length;
	const passed = results.filter((r) => r.status === 'PASS').length;
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed > 0 ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
