import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** Calm, dense, readable in both schemes: a teal-leaning brand colour, system fonts with CJK fallbacks. */
const brand: MantineColorsTuple = [
  '#e6f8f6', '#d3eeea', '#a9dcd4', '#7bc9bd', '#55b9a9', '#3daf9d', '#2ea996', '#1e9482', '#0f8473', '#007262',
];

export const theme = createTheme({
  primaryColor: 'brand',
  colors: { brand },
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  fontFamily:
    '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"',
  headings: { fontWeight: '600' },
  cursorType: 'pointer',
});
