import { Box, Textarea, type TextareaProps } from '@mantine/core';
import { useCallback, useLayoutEffect, useRef, type CSSProperties, type Ref, type UIEvent } from 'react';
import { highlightSegments, type HighlightRange } from './highlightSegments';
import classes from './HighlightedTextarea.module.css';

export const HIGHLIGHT_KINDS = ['personal', 'risky', 'banned'] as const;
export type HighlightKind = (typeof HIGHLIGHT_KINDS)[number];

interface HighlightedTextareaProps extends Omit<TextareaProps, 'value' | 'styles' | 'classNames'> {
  value: string;
  ranges: readonly HighlightRange<HighlightKind>[];
  textareaRef?: Ref<HTMLTextAreaElement>;
}

/** The textarea's metrics that decide where each character lands; copied onto the backdrop. */
const MIRRORED: (keyof CSSStyleDeclaration & string)[] = [
  'fontFamily',
  'fontSize',
  'fontWeight',
  'lineHeight',
  'letterSpacing',
  'paddingTop',
  'paddingRight',
  'paddingBottom',
  'paddingLeft',
  'borderTopWidth',
  'borderRightWidth',
  'borderBottomWidth',
  'borderLeftWidth',
  'textIndent',
  'tabSize',
];

/**
 * A textarea with marks drawn behind its text: a backdrop with the same metrics holds a
 * transparent copy of the text in which flagged ranges get a coloured background, and
 * it scrolls with the textarea. The text is React text nodes, never HTML.
 */
export function HighlightedTextarea({ value, ranges, textareaRef, ...props }: HighlightedTextareaProps) {
  const backdrop = useRef<HTMLDivElement>(null);
  const ownRef = useRef<HTMLTextAreaElement | null>(null);

  const setRefs = useCallback(
    (node: HTMLTextAreaElement | null) => {
      ownRef.current = node;
      if (typeof textareaRef === 'function') textareaRef(node);
      else if (textareaRef) (textareaRef as { current: HTMLTextAreaElement | null }).current = node;
    },
    [textareaRef],
  );

  // Copy the metrics after every render: autosize and the colour scheme change them.
  useLayoutEffect(() => {
    const area = ownRef.current;
    const layer = backdrop.current;
    if (!area || !layer) return;
    const computed = getComputedStyle(area);
    for (const property of MIRRORED) (layer.style as unknown as Record<string, string>)[property] = computed[property] as string;
    layer.style.height = `${area.offsetHeight}px`;
    layer.style.width = `${area.offsetWidth}px`;
    layer.scrollTop = area.scrollTop;
  });

  const onScroll = (event: UIEvent<HTMLTextAreaElement>) => {
    if (backdrop.current) backdrop.current.scrollTop = event.currentTarget.scrollTop;
  };

  const segments = highlightSegments(value, ranges, HIGHLIGHT_KINDS);
  return (
    <Box className={classes.root} style={props.style as CSSProperties}>
      <div ref={backdrop} className={classes.backdrop} aria-hidden dir="auto" data-testid="compliance-layer">
        {segments.map((segment) =>
          segment.kind === null ? (
            <span key={segment.start}>{segment.text}</span>
          ) : (
            <mark key={segment.start} className={classes.mark} data-kind={segment.kind} data-testid="compliance-highlight">
              {segment.text}
            </mark>
          ),
        )}
        {/* A trailing new line needs a character after it to take up its line. */}
        {value.endsWith('\n') ? ' ' : null}
      </div>
      <Textarea
        {...props}
        style={undefined}
        ref={setRefs}
        value={value}
        onScroll={onScroll}
        // Inline, so that it wins over Mantine's own input background.
        styles={{ input: { background: 'transparent', position: 'relative', zIndex: 1 } }}
      />
    </Box>
  );
}
