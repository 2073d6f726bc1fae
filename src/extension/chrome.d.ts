// The few extension APIs Twofold uses (Chromium's `chrome`, which Firefox also provides).
declare namespace chrome.runtime {
  interface MessageSender {
    id?: string;
    url?: string;
    frameId?: number;
    tab?: { id?: number; url?: string };
  }
  const id: string;
  const lastError: { message?: string } | undefined;
  function getURL(path: string): string;
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

declare namespace chrome.tabs {
  interface Tab {
    id?: number;
    url?: string;
  }
  function query(filter: { active: boolean; currentWindow: boolean }): Promise<Tab[]>;
  function get(tabId: number): Promise<Tab>;
  function sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
  const onUpdated: {
    addListener(callback: (tabId: number, change: { status?: string }) => void): void;
  };
  const onRemoved: { addListener(callback: (tabId: number) => void): void };
}

declare namespace chrome.storage {
  const session: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
    remove(key: string): Promise<void>;
  };
}

declare namespace chrome.commands {
  const onCommand: { addListener(callback: (command: string, tab?: chrome.tabs.Tab) => void): void };
}
