/**
 * A software passkey authenticator: real WebAuthn registration ("none" attestation) and assertion responses, signed
 * with an ES256 key, so the server's WebAuthn verification runs for real. WebCrypto, which Node and the edge
 * runtime both have; CBOR written by hand for the few types WebAuthn needs.
 */

export type RegistrationOptions = { challenge: string; rp: { id: string }; user: { id: string } }
export type AuthenticationOptions = { challenge: string; rpId?: string; userVerification?: string }

const FLAG_USER_PRESENT = 0x01
const FLAG_USER_VERIFIED = 0x04
const FLAG_ATTESTED_CREDENTIAL = 0x40

const encoder = new TextEncoder()

export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

type Cbor = number | string | Uint8Array | Map<number | string, Cbor>

function cborHead(major: number, length: number): Uint8Array {
  if (length < 24) return Uint8Array.of((major << 5) | length)
  if (length < 0x100) return Uint8Array.of((major << 5) | 24, length)
  if (length < 0x10000) return Uint8Array.of((major << 5) | 25, length >> 8, length & 0xff)
  return Uint8Array.of((major << 5) | 26, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff)
}

export function cbor(value: Cbor): Uint8Array {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value)
  if (typeof value === 'string') {
    const bytes = encoder.encode(value)
    return concat(cborHead(3, bytes.length), bytes)
  }
  if (value instanceof Uint8Array) return concat(cborHead(2, value.length), value)
  return concat(cborHead(5, value.size), ...[...value].flatMap(([key, inner]) => [cbor(key), cbor(inner)]))
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
}

/** WebCrypto signs ECDSA as r‖s; WebAuthn carries an ASN.1 DER SEQUENCE of two INTEGERs. */
function derSignature(raw: Uint8Array): Uint8Array {
  const integer = (half: Uint8Array) => {
    let start = 0
    while (start < half.length - 1 && half[start] === 0) start++
    const trimmed = half.slice(start)
    const body = trimmed[0]! & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed
    return concat(Uint8Array.of(0x02, body.length), body)
  }
  const body = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)))
  return concat(Uint8Array.of(0x30, body.length), body)
}

export class SoftwareAuthenticator {
  private signCount = 0
  // The user handle the relying party gave at registration (base64url), returned with every assertion.
  private userHandle: string | undefined

  private constructor(
    private readonly keys: CryptoKeyPair,
    readonly credentialId: Uint8Array,
  ) {}

  get id() {
    return base64url(this.credentialId)
  }

  static async create(): Promise<SoftwareAuthenticator> {
    const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair
    return new SoftwareAuthenticator(keys, crypto.getRandomValues(new Uint8Array(32)))
  }

  private async authenticatorData(rpId: string, flags: number, attested?: Uint8Array) {
    this.signCount++
    const counter = Uint8Array.of(
      this.signCount >>> 24,
      (this.signCount >> 16) & 0xff,
      (this.signCount >> 8) & 0xff,
      this.signCount & 0xff,
    )
    return concat(await sha256(encoder.encode(rpId)), Uint8Array.of(flags), counter, attested ?? new Uint8Array())
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string) {
    return encoder.encode(JSON.stringify({ type, challenge, origin, crossOrigin: false }))
  }

  /** navigator.credentials.create() as a browser would answer it, in the JSON form @simplewebauthn/browser sends. */
  async register(
    options: RegistrationOptions,
    { origin, rpId = options.rp.id, userVerified = true }: { origin: string; rpId?: string; userVerified?: boolean },
  ) {
    const jwk = await crypto.subtle.exportKey('jwk', this.keys.publicKey)
    const coseKey = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    )
    const idLength = Uint8Array.of(this.credentialId.length >> 8, this.credentialId.length & 0xff)
    const attested = concat(new Uint8Array(16), idLength, this.credentialId, coseKey)
    const flags = FLAG_USER_PRESENT | FLAG_ATTESTED_CREDENTIAL | (userVerified ? FLAG_USER_VERIFIED : 0)
    const authData = await this.authenticatorData(rpId, flags, attested)
    this.userHandle = options.user.id
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    )
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64url(this.clientData('webauthn.create', options.challenge, origin)),
        attestationObject: base64url(attestationObject),
        transports: ['internal'],
      },
    }
  }

  /** navigator.credentials.get(): an assertion signed over authenticatorData ‖ SHA-256(clientDataJSON). */
  async assert(
    options: AuthenticationOptions,
    { origin, rpId, userVerified = true }: { origin: string; rpId: string; userVerified?: boolean },
  ) {
    const authData = await this.authenticatorData(rpId, FLAG_USER_PRESENT | (userVerified ? FLAG_USER_VERIFIED : 0))
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, origin)
    const signed = concat(authData, await sha256(clientDataJSON))
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, this.keys.privateKey, signed),
    )
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64url(clientDataJSON),
        authenticatorData: base64url(authData),
        signature: base64url(derSignature(raw)),
        userHandle: this.userHandle,
      },
    }
  }
}
