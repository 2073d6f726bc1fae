import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { createOtpEngine, type OtpEngine } from '../../shared/otp';

/** The OTP engine with Node's native HMAC, for every Node process (main, CLI, server, test host). */
export const nodeOtpEngine: OtpEngine = createOtpEngine({ crypto: new NodeCryptoPlugin() });
