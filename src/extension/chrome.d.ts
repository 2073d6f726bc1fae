// The few extension APIs Twofold uses (Chromium's `chrome`, which Firefox also provides).
declare namespace chrome.runtime {
  interface MessageSender {
    url?: string;
    frameId?: number;
    tab?: { url?: string };
  }
  const lastError: { message?: string } | undefined;
  function sendMessage(message: unknown): Promise<unknown>;
  function sendNativeMessage(application: string, message: object): Promise<unknown>;
  const onMessage: {
    addListener(
      callback: (
        message: unknown,
        sender: MessageSender,
        sendResponse: (reply: unknown) => void,
      ) => boolean | void,
    ): void;
  };
}
