"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { AlertIcon, CheckIcon, CloseIcon } from "@/components/icons";

// Toasts: errors are role="alert" (announced at once, and what the tests look for), confirmations
// role="status". A toast stays while the pointer or focus is on it, so its action can be reached.

type ToastKind = "error" | "success";
type ToastAction = { label: string; onAction: () => void };
type ToastData = { id: number; kind: ToastKind; message: string; action?: ToastAction };

type ToastApi = {
  error: (message: string, action?: ToastAction) => void;
  success: (message: string, action?: ToastAction) => void;
};

const ToastContext = createContext<ToastApi | null>(null);

const MAX_VISIBLE = 3;
const DURATION_MS: Record<ToastKind, number> = { error: 10_000, success: 6_000 };
// A toast with an action (Undo, Edit again) stays longer: keyboard users have to Tab to it.
const ACTION_DURATION_MS = 12_000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastData[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);

  const api = useMemo<ToastApi>(() => {
    const show = (kind: ToastKind, message: string, action?: ToastAction) => {
      const id = nextId.current++;
      setToasts((current) => [
        ...current.filter((toast) => !(toast.kind === kind && toast.message === message)),
        { id, kind, message, action },
      ].slice(-MAX_VISIBLE));
    };
    return {
      error: (message, action) => show("error", message, action),
      success: (message, action) => show("success", message, action),
    };
  }, []);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="toaster" aria-label="Notifications">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: ToastData; onDismiss: (id: number) => void }) {
  const [paused, setPaused] = useState(false);

  useEffect(() => {
    if (paused) return;
    const duration = toast.action ? ACTION_DURATION_MS : DURATION_MS[toast.kind];
    const timer = window.setTimeout(() => onDismiss(toast.id), duration);
    return () => window.clearTimeout(timer);
  }, [paused, toast.id, toast.kind, toast.action, onDismiss]);

  return (
    <div
      className="toast"
      data-kind={toast.kind}
      role={toast.kind === "error" ? "alert" : "status"}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setPaused(false);
      }}
    >
      <span className="toast-icon">{toast.kind === "error" ? <AlertIcon /> : <CheckIcon width={18} height={18} />}</span>
      <p className="toast-message">{toast.message}</p>
      {toast.action ? (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            toast.action?.onAction();
            onDismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className="icon-button toast-close" onClick={() => onDismiss(toast.id)}>
        <CloseIcon width={16} height={16} />
        <span className="sr-only">Dismiss</span>
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast must be used inside <ToastProvider>");
  return api;
}
