export declare const TEST_CLOCK_ENV: string;
export declare function followTestClock(file: string): void;
export declare function testClockFile(): string;
export declare function testClockForChild(): { nodeArgs: string[]; env: Record<string, string> };
export declare function passTime(ms: number): void;
export declare function resetTestClock(): void;
