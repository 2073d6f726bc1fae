import { NodeCryptoPlugin } from '@otplib/plugin-crypto-node';
import { createOtpEngine, type OtpEngine } from '../shared/otp';

/** The OTP engine with Node's native HMAC, for every Node process: the desktop's main process, the CLI, the server and the test host. */
export const nodeOtpEngine: OtpEngine = createOtpEngine({ crypto: new NodeCryptoPlugin() });
