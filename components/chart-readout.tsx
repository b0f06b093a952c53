'use client';
// A chart's one interactive part (the portal's usage chart, the admin overview's bar charts): a tooltip
// that reads out the bar under the pointer or the bar with keyboard focus, and arrow-key movement
// between bars (a roving tabindex: the chart is one tab stop, the arrows, Home and End move inside it).
// The bars themselves are server-rendered SVG marked data-chart-point, each with its own aria-label, so
// a screen reader hears the same readout without this script.
import { useRef, useState, type FocusEvent, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';

type Readout = { text: string; x: number; y: number; align: 'start' | 'center' | 'end' };

const BAR = '[data-chart-point]';

export function ChartReadout({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [readout, setReadout] = useState<Readout | null>(null);

  function show(target: EventTarget | null) {
    const bar = target instanceof Element ? target.closest(BAR) : null;
    const container = box.current;
    if (!bar || !container) return;
    const at = bar.getBoundingClientRect();
    const frame = container.getBoundingClientRect();
    const x = at.left + at.width / 2 - frame.left;
    // near an edge the tooltip hangs inwards, so it never leaves the chart (or widens the page)
    const align = x < 90 ? 'start' : x > frame.width - 90 ? 'end' : 'center';
    setReadout({ text: bar.getAttribute('aria-label') ?? '', x, y: at.top - frame.top, align });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const current = event.target instanceof Element ? event.target.closest(BAR) : null;
    if (!current || !box.current) return;
    const bars = [...box.current.querySelectorAll<SVGGElement>(BAR)];
    const index = bars.indexOf(current as SVGGElement);
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: bars.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = bars[Math.max(0, Math.min(bars.length - 1, next))]!;
    for (const bar of bars) bar.setAttribute('tabindex', bar === target ? '0' : '-1');
    target.focus();
  }

  function onBlur(event: FocusEvent<HTMLDivElement>) {
    if (!box.current?.contains(event.relatedTarget as Node | null)) setReadout(null);
  }

  function onMouseLeave(_event: MouseEvent<HTMLDivElement>) {
    const focused = document.activeElement;
    if (focused && box.current?.contains(focused) && focused.matches(BAR)) show(focused);
    else setReadout(null);
  }

  return (
    // the handlers only listen to the bars inside, which are focusable and labelled themselves
    <div ref={box} className="relative" onFocus={(e) => show(e.target)} onBlur={onBlur} onMouseOver={(e) => show(e.target)} onMouseLeave={onMouseLeave} onKeyDown={onKeyDown}>
      {children}
      {readout ? (
        <div
          data-testid="chart-readout"
          aria-hidden="true"
          className="pointer-events-none absolute z-10 rounded-md bg-slate-900 px-2 py-1 text-xs font-medium whitespace-nowrap text-white shadow-md"
          style={{
            left: readout.x,
            top: Math.max(readout.y - 6, 0),
            transform: `translate(${readout.align === 'start' ? '-12px' : readout.align === 'end' ? 'calc(-100% + 12px)' : '-50%'}, -100%)`,
          }}
        >
          {readout.text}
        </div>
      ) : null}
    </div>
  );
}
