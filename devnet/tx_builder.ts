import type { Random } from "./random.ts";
import type {
  GnoEvent,
  GnoEventAttribute,
  MessageValue,
  RejectionReason,
  TransactionMessage,
  TxEvent,
} from "./types.ts";
import { LIBRARY_PATHS, type TokenDefinition } from "./tokens.ts";

export type Generation = 1 | 2 | 3;

/** A movement the builder intends, before it is placed in a block. */
export interface IntendedMovement {
  tokenPath: string;
  from: string;
  to: string;
  amount: bigint;
  eventIndex: number;
}

export interface IntendedRejection {
  reason: RejectionReason;
  eventIndex: number;
}

const MESSAGE_KIND: Record<MessageValue["__typename"], { typeUrl: string; route: string }> = {
  MsgCall: { typeUrl: "exec", route: "vm" },
  BankMsgSend: { typeUrl: "send", route: "bank" },
  MsgRun: { typeUrl: "run", route: "vm" },
  MsgAddPackage: { typeUrl: "add_package", route: "vm" },
};

/**
 * Accumulates one transaction's messages and events together with the generator's intent:
 * which Transfer events are valid movements and why the others must be rejected. The truth is
 * taken from this intent, never from re-parsing the events.
 */
export class TxBuilder {
  readonly messages: TransactionMessage[] = [];
  readonly events: TxEvent[] = [];
  readonly movements: IntendedMovement[] = [];
  readonly rejections: IntendedRejection[] = [];
  success = true;
  error = "";

  constructor(private readonly random: Random) {}

  message(value: MessageValue): void {
    this.messages.push({ ...MESSAGE_KIND[value.__typename], value });
  }

  call(caller: string, pkgPath: string, func: string, args: string[]): void {
    this.message({
      __typename: "MsgCall",
      caller,
      send: "",
      pkg_path: pkgPath,
      func,
      args,
      max_deposit: "",
    });
  }

  event(event: TxEvent): number {
    this.events.push(event);
    return this.events.length - 1;
  }

  gnoEvent(type: string, pkgPath: string, attrs: GnoEventAttribute[] | null): number {
    const event: GnoEvent = { __typename: "GnoEvent", type, pkg_path: pkgPath, attrs };
    return this.event(event);
  }

  /** The only MsgCall's pkg_path, or null when there are zero or several MsgCalls. */
  singleCallPath(): string | null {
    const calls = this.messages.filter((m) => m.value.__typename === "MsgCall");
    return calls.length === 1 ? (calls[0].value as { pkg_path: string }).pkg_path : null;
  }

  /** Emits a valid token event of the given generation and records it as a movement. */
  transfer(
    generation: Generation,
    token: TokenDefinition,
    from: string,
    to: string,
    amount: bigint,
    valueText = amount.toString(),
  ): void {
    if (generation === 2 && this.singleCallPath() !== token.realm) {
      throw new Error(`A gen-2 event for ${token.realm} needs that realm as the only MsgCall`);
    }
    const attrs = [
      { key: "from", value: from },
      { key: "to", value: to },
      { key: "value", value: valueText },
    ];
    if (generation === 3) attrs.unshift({ key: "token", value: this.tokenAttr(token) });
    const pkgPath = generation === 1 ? token.realm : this.random.pick(LIBRARY_PATHS);
    const eventIndex = this.gnoEvent("Transfer", pkgPath, this.maybeShuffle(attrs));
    this.movements.push({ tokenPath: token.realm, from, to, amount, eventIndex });
  }

  /** Emits a Transfer-typed event that SPEC §3 says must not be applied. */
  rejected(reason: RejectionReason, pkgPath: string, attrs: GnoEventAttribute[]): void {
    const eventIndex = this.gnoEvent("Transfer", pkgPath, attrs);
    this.rejections.push({ reason, eventIndex });
  }

  tokenAttr(token: TokenDefinition): string {
    const suffix = this.random.chance(0.25) ? ".0000000" : "";
    return `${token.realm}.${token.symbol}${suffix}`;
  }

  maybeShuffle<T>(items: T[]): T[] {
    if (!this.random.chance(0.15)) return items;
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.random.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Marks the transaction failed: every Transfer event in it is then not a token event. */
  fail(error: string): void {
    this.success = false;
    this.error = error;
  }

  /** The final intent: a failed transaction moves nothing, whatever its events say. */
  finish(): { movements: IntendedMovement[]; rejections: IntendedRejection[] } {
    if (this.success) return { movements: this.movements, rejections: this.rejections };
    const rejections: IntendedRejection[] = [];
    this.events.forEach((event, eventIndex) => {
      if (event.__typename === "GnoEvent" && event.type === "Transfer") {
        rejections.push({ reason: "failed_tx", eventIndex });
      }
    });
    return { movements: [], rejections };
  }
}
