import { Group, Modal, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { rankProducts, type Product, type Store } from '../../../../shared';
import { cacheDb } from '../../app/database';
import { loadStoreProducts } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { formatMoney } from '../customer/money';
import { ProductThumb } from '../products/ProductThumb';

interface ProductPickerProps {
  opened: boolean;
  store: Store;
  onClose: () => void;
  onPick: (product: Product) => void;
}

/** Longest list shown: the search narrows it, and a long list is slower to scan than to type. */
const MAX_SHOWN = 50;

/**
 * Picks one of the conversation's store's active products to send as a card. Keyboard
 * first: the search field keeps the focus, ↑/↓ move, Enter sends, Esc closes. Search is
 * by title and SKU with CJK folding (shared/domain/products.ts rankProducts).
 */
export function ProductPicker({ opened, store, onClose, onPick }: ProductPickerProps) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const products = useLiveQuery(() => (opened ? loadStoreProducts(cacheDb, store.id, store.currency) : Promise.resolve([])), [opened, store.id, store.currency], []);
  const options = useMemo(() => rankProducts(products, query).slice(0, MAX_SHOWN), [products, query]);

  useEffect(() => {
    if (opened) {
      setQuery('');
      setActive(0);
    }
  }, [opened]);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    // An IME composing Chinese uses Enter and arrows itself.
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + options.length) % options.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const picked = options[active];
      if (picked) onPick(picked);
    }
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('productPicker.title', { store: store.name })} size="lg" data-testid="product-picker">
      <TextInput
        data-autofocus
        data-testid="product-picker-search"
        leftSection={<IconSearch size={16} />}
        placeholder={t('productPicker.search')}
        aria-label={t('productPicker.search')}
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        mb="xs"
      />
      <Text size="xs" c="dimmed" mb={6}>
        {t('productPicker.keys')}
      </Text>
      {options.length === 0 ? (
        <Text size="sm" c="dimmed" py="sm" data-testid="product-picker-empty">
          {products.length === 0 ? t('productPicker.noCatalogue') : t('productPicker.none')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={380} viewportRef={list} type="auto">
          <Stack gap={2} role="listbox" aria-label={t('productPicker.title', { store: store.name })}>
            {options.map((product, index) => (
              <UnstyledButton
                key={product.id}
                role="option"
                aria-selected={index === active}
                tabIndex={-1}
                data-index={index}
                data-testid="product-option"
                data-product-id={product.platformProductId}
                data-active={index === active}
                onMouseDown={(event) => event.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => onPick(product)}
                p={6}
                style={{ borderRadius: 'var(--mantine-radius-sm)', background: index === active ? 'var(--mantine-primary-color-light)' : undefined }}
              >
                <Group gap="sm" wrap="nowrap">
                  <ProductThumb src={product.imageUrl} />
                  <Stack gap={0} miw={0} style={{ flex: 1 }}>
                    <Text size="sm" fw={500} truncate="end" dir="auto">
                      {product.title}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace" truncate="end">
                      {product.sku ?? ''}
                    </Text>
                  </Stack>
                  <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
                    {formatMoney(product.price, product.currency, i18n.language)}
                  </Text>
                </Group>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Modal>
  );
}
