import { writePrivateFile } from '../../export/write';
import type { FeatureHandlers } from '../handler-types';
import type { DesktopServices } from '../../services/desktop-services';
import type { TwofaPolicy } from '../../helpdesk/helpdesk-tools';

/** The policy as the channel sends it (mutable arrays). */
const policyView = (policy: TwofaPolicy) => ({
  policies: [...policy.policies],
  ...(policy.resetPolicies === undefined
    ? {}
    : { resetPolicies: policy.resetPolicies.map((p) => ({ ...p, proofs: [...p.proofs] })) }),
  outOfCompliance: { ...policy.outOfCompliance, users: [...policy.outOfCompliance.users] },
});

/**
 * The help-desk channels: thin calls into the console service, the same for Electron and the test host.
 * Sentences the console puts into values (why a server lacks something, the clock warning, a new
 * profile's name, the recovery-codes file) are said in the app's language (`s.language.t`).
 */
export const helpdeskHandlers = {
  state: (s) => s.helpdesk.state(s.language.t),

  signIn: (s, input) =>
    s.helpdesk.signIn(
      {
        name: input.profile,
        url: input.url,
        login: input.login,
        password: input.password,
        code: input.code,
        caFile: input.caFile,
        kind: input.kind,
        db: input.db,
        rememberPassword: input.rememberPassword,
      },
      s.language.t,
    ),

  signOut: (s) => s.helpdesk.signOut(s.language.t),

  vaultMatch(s, target) {
    const match = s.helpdesk.vaultMatch(target);
    return { match: match && { id: match.id, issuer: match.issuer, account: match.account } };
  },

  fillCode: (s, target) => ({ code: s.helpdesk.fillCode(target) }),

  async users(s, query) {
    const page = await s.helpdesk.users(query);
    return { ...page, users: [...page.users] };
  },

  user: (s, { id }) => s.helpdesk.user(id),

  checkCode: (s, { userId, code }) => s.helpdesk.checkCode(userId, code),

  disableTwofa: (s, { userId, reason, password, proof }) =>
    s.helpdesk.disableTwofa(userId, reason, password, proof),

  temporaryCodes: async (s, { userId }) => [...(await s.helpdesk.temporaryCodes(userId))],

  issueTemporaryCode: (s, { userId, reason, lifetimeMinutes, uses, password, proof }) =>
    s.helpdesk.issueTemporaryCode(
      userId,
      { reason, lifetimeMinutes, uses, ...(proof === undefined ? {} : { proof }) },
      password,
    ),

  copyTemporaryCode: async (s, { codeId }) => ({
    clearsInSeconds: await s.clipboard.copySecretText(s.helpdesk.issuedCode(codeId)),
  }),

  forgetTemporaryCode(s) {
    s.helpdesk.forgetIssuedCode();
    return { done: true as const };
  },

  revokeTemporaryCode: async (s, { userId, codeId, reason }) => [
    ...(await s.helpdesk.revokeTemporaryCode(userId, codeId, reason)),
  ],

  resetTwofa: (s, { userId, reason, password, proof }) =>
    s.helpdesk.resetTwofa(userId, reason, password, proof),

  requestApproval: (s, { userId, action, reason }) => s.helpdesk.requestApproval(userId, action, reason),

  approvals: async (s) => [...(await s.helpdesk.approvals())],

  approve: (s, { approvalId, password }) => s.helpdesk.approve(approvalId, password),

  pendingActions: async (s, { userId }) => [...(await s.helpdesk.pendingActions(userId))],

  cancelPending: async (s, { actionId, reason }) => [...(await s.helpdesk.cancelPending(actionId, reason))],

  async setResetPolicy(s, { role, proofs, cooldownMinutes, reason, password }) {
    await s.helpdesk.setResetPolicy(
      role,
      { proofs, cooldownMinutes, ...(reason === undefined ? {} : { reason }) },
      password,
    );
    return policyView(await s.helpdesk.policy());
  },

  revokeDevice: async (s, { userId, deviceId, reason, password }) => [
    ...(await s.helpdesk.revokeDevice(userId, deviceId, reason, password)),
  ],

  signIns: async (s, { userId, limit }) => [...(await s.helpdesk.signIns(userId, limit))],

  policy: async (s) => policyView(await s.helpdesk.policy()),

  async setPolicy(s, { role, password, ...change }) {
    const policy = await s.helpdesk.setPolicy(
      role,
      {
        required: change.required,
        ...(change.graceDays === undefined ? {} : { graceDays: change.graceDays }),
        ...(change.graceUntil === undefined ? {} : { graceUntil: change.graceUntil }),
        ...(change.reason === undefined ? {} : { reason: change.reason }),
      },
      password,
    );
    return policyView(policy);
  },

  startCallerCheck: (s, { userId }) => s.helpdesk.startCallerCheck(userId),

  verifyCallerCheck: (s, { userId, checkId, code }) => s.helpdesk.verifyCallerCheck(userId, checkId, code),

  unlock: (s, { userId, reason, password }) => s.helpdesk.unlock(userId, reason, password),

  devices: async (s, { userId }) => [...(await s.helpdesk.devices(userId))],

  revokeDevices: (s, { userId, reason, password }) => s.helpdesk.revokeDevices(userId, reason, password),

  audit: async (s, query) => [...(await s.helpdesk.audit(query))],

  async auditVerify(s) {
    const check = await s.helpdesk.auditVerify(s.language.t);
    const forwarding = (await s.helpdesk.auditForwarding(s.language.t)).map(
      ({ destination, backlog, lastError }) => ({
        destination,
        backlog,
        lastError,
      }),
    );
    return check.whole
      ? { whole: true, records: check.records, problem: null, forwarding }
      : { whole: false, records: check.records, problem: check.problem, forwarding };
  },

  async adoption(s) {
    const report = await s.helpdesk.adoption();
    return { ...report, byRole: [...report.byRole] };
  },

  exportCsv: (s, query) => s.helpdesk.exportCsv(query),

  async enrollSelf(s, { password }) {
    const result = await s.helpdesk.enrollSelf(password, s.language.t);
    return { entry: result.entry, recoveryCodes: [...result.recoveryCodes] };
  },

  async newRecoveryCodes(s, { password }) {
    const made = await s.helpdesk.newRecoveryCodes(password);
    return { recoveryCodes: [...made.recoveryCodes], generatedAt: made.generatedAt };
  },

  recoveryCodesOnScreen: (s) => ({ codes: s.helpdesk.recoveryCodesOnScreen() }),

  async copyRecoveryCodes(s) {
    const { codes } = s.helpdesk.shownRecoveryCodes();
    return { clearsInSeconds: await s.clipboard.copySecretText(`${codes.join('\n')}\n`) };
  },

  async saveRecoveryCodes(s) {
    const { text, fileName } = s.helpdesk.shownRecoveryCodes(s.language.t);
    const path = await s.chooseLocation({ kind: 'file', suggestedName: fileName });
    if (path === null) return { path: null };
    await writePrivateFile(path, Buffer.from(text, 'utf8'));
    return { path };
  },

  forgetRecoveryCodes(s) {
    s.helpdesk.forgetRecoveryCodes();
    return { done: true as const };
  },

  async forgetProfile(s, { name }) {
    await s.helpdesk.forgetProfile(name);
    return { done: true as const };
  },
} satisfies FeatureHandlers<'helpdesk', DesktopServices>;
