// Finds labels a user sees cut short without a way to read them whole: text written with a trailing "…", text that
// CSS ellipsises or clips, a select narrower than its chosen option, and SVG text cut off by its SVG's edge. Each is
// allowed only with a tooltip (a title, or an SVG <title>, on the element or within two levels above it) that holds
// the full text.
import type { Page } from 'playwright-core';

export interface Truncation {
  /** The text as shown. */
  text: string;
  /** How it is cut. */
  why: string;
  /** A short path to the element (tag.class[data-testid]), for the failure message. */
  where: string;
}

/** Every visible truncated label on the page without a tooltip giving its full text. */
export function findTruncatedLabels(page: Page): Promise<Truncation[]> {
  return page.evaluate(() => {
    const found: { text: string; why: string; where: string }[] = [];
    const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const describe = (el: Element) => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
        parts.unshift(`${e.tagName.toLowerCase()}${cls}${id ? `[${id}]` : ''}`);
      }
      return parts.join(' > ');
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      // 1-px boxes are screen-reader-only text, clipped on purpose.
      return r.width > 2 && r.height > 2 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    };
    /** The tooltip text on the element or up to two ancestors: a title attribute or an SVG <title> child. */
    const tooltip = (el: Element) => {
      let e: Element | null = el;
      for (let level = 0; e && level < 3; level++, e = e.parentElement) {
        const title = e.getAttribute('title');
        if (title) return norm(title);
        const svgTitle = Array.from(e.children).find((c) => c.tagName.toLowerCase() === 'title' && c instanceof SVGElement);
        if (svgTitle?.textContent) return norm(svgTitle.textContent);
      }
      return '';
    };
    const explained = (el: Element, shown: string) => {
      const tip = tooltip(el).toLowerCase();
      const prefix = shown.replace(/…$/, '').trim().toLowerCase();
      return tip.length > 0 && tip.includes(prefix);
    };
    const report = (el: Element, text: string, why: string) => {
      if (!explained(el, text)) found.push({ text, why, where: describe(el) });
    };

    // 1. Text written with a trailing "…". Buttons that open a picker ("Open model…") and progress states
    //    ("Building…") use the ellipsis for what it means in UI writing, not for a cut: they are left alone.
    //    The text judged is the whole of the element holding the "…" (React writes "{name}…" as two text nodes).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!norm(node.textContent).endsWith('…') || !el || seen.has(el) || el.closest('option')) continue;
      seen.add(el);
      const text = norm(el.textContent);
      if (!text.endsWith('…') || text === '…') continue;
      if (!(el instanceof SVGElement ? el.getBoundingClientRect().width > 0 : visible(el))) continue;
      if (el.closest('button, [role="button"], label.button, summary') || /^\p{Lu}\p{Ll}+ing\b/u.test(text)) continue;
      report(el, text, 'ends in "…"');
    }

    // 2. Options of visible selects written with a trailing "…".
    for (const option of Array.from(document.querySelectorAll('select option'))) {
      const text = norm(option.textContent);
      if (text.endsWith('…') && visible(option.closest('select')!)) report(option, text, 'option ends in "…"');
    }

    // 3. Text cut by CSS: an ellipsis, or overflow hidden, on an element holding text of its own.
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (el instanceof SVGElement || !visible(el)) continue;
      const style = getComputedStyle(el);
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && norm(n.textContent) !== '');
      const hidesX = style.overflowX !== 'visible';
      const hidesY = style.overflowY !== 'visible' && style.overflowY !== 'auto' && style.overflowY !== 'scroll';
      if (style.textOverflow === 'ellipsis' && hidesX && el.scrollWidth > el.clientWidth + 1) report(el, norm(el.textContent), 'CSS ellipsis');
      else if (ownText && hidesX && style.overflowX !== 'auto' && style.overflowX !== 'scroll' && el.scrollWidth > el.clientWidth + 1) report(el, norm(el.textContent), 'clipped (width)');
      else if (ownText && hidesY && el.scrollHeight > el.clientHeight + 2) report(el, norm(el.textContent), 'clipped (height)');
    }

    // 4. A select narrower than its chosen option: a copy holding only that option, at its natural width, measures it.
    for (const select of Array.from(document.querySelectorAll('select'))) {
      if (!visible(select) || select.multiple || select.selectedIndex < 0) continue;
      const chosen = select.options[select.selectedIndex]!;
      const probe = select.cloneNode(false) as HTMLSelectElement;
      probe.removeAttribute('id');
      probe.append(chosen.cloneNode(true));
      probe.style.cssText += ';width:auto;min-width:0;max-width:none;flex:none;position:absolute;visibility:hidden;';
      select.parentElement!.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      if (needed > select.getBoundingClientRect().width + 1) report(select, norm(chosen.textContent), `select ${Math.round(select.getBoundingClientRect().width)} px wide, its option needs ${Math.round(needed)} px`);
    }

    // 5. SVG text reaching past the edge of its (clipping) SVG.
    for (const text of Array.from(document.querySelectorAll('svg text'))) {
      let svg = (text as SVGTextElement).ownerSVGElement;
      while (svg?.ownerSVGElement) svg = svg.ownerSVGElement;
      if (!svg || !visible(svg) || getComputedStyle(svg).overflow === 'visible' || !norm(text.textContent)) continue;
      const t = text.getBoundingClientRect();
      const s = svg.getBoundingClientRect();
      const past = Math.max(s.left - t.left, t.right - s.right, s.top - t.top, t.bottom - s.bottom);
      // The box is the glyphs' advance box, side bearings included: under 3 px past the edge no ink is lost.
      if (past >= 3) report(text, norm(text.textContent), `SVG text ${past.toFixed(1)} px past its SVG's edge`);
    }
    return found;
  });
}
