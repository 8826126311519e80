import { ActionIcon, Badge, Button, Group, Paper, Select, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { foldText, type Product } from '../../../../shared';
import { cacheDb } from '../../app/database';
import { loadStoreProducts } from '../../db';
import { useLiveQuery } from '../../db/hooks';
import { formatMoney } from '../customer/money';
import { PlatformBadge } from '../inbox/PlatformBadge';
import { ProductThumb } from '../products/ProductThumb';
import { ProductFormModal } from './ProductFormModal';

const fold = (text: string) => foldText(text, { dropSeparators: false }).text;

/**
 * A store's product catalogue, for owners and leads: what agents can send as product
 * cards. Shopify and WooCommerce keep it filled through their product webhooks; every
 * platform's orders add the products they name; here entries are added, corrected and
 * archived by hand (all platforms, and the only way for those without a product feed).
 */
export function ProductCatalogueSection() {
  const { t, i18n } = useTranslation();
  const stores = useLiveQuery(() => cacheDb.stores.toArray(), [], []);
  const [storeId, setStoreId] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Product | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const store = stores.find((s) => s.id === storeId) ?? stores[0];
  const products = useLiveQuery(() => (store ? loadStoreProducts(cacheDb, store.id, store.currency) : Promise.resolve([])), [store?.id, store?.currency], []);
  const shown = useMemo(() => {
    const wanted = fold(filter.trim());
    return wanted === '' ? products : products.filter((p) => fold(`${p.title} ${p.sku ?? ''}`).includes(wanted));
  }, [products, filter]);

  return (
    <Paper withBorder radius="md" p="md" data-testid="product-catalogue">
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={5}>{t('admin.products.title')}</Title>
          <Text size="sm" c="dimmed" maw={640}>
            {t('admin.products.hint')}
          </Text>
        </div>
        <Button
          leftSection={<IconPlus size={16} />}
          disabled={!store}
          data-testid="product-add"
          onClick={() => {
            setEditing(null);
            setFormOpen(true);
          }}
        >
          {t('admin.products.add')}
        </Button>
      </Group>
      <Group mb="sm" gap="sm">
        <Select
          data-testid="product-store"
          aria-label={t('admin.products.store')}
          value={store?.id ?? null}
          onChange={setStoreId}
          data={stores.map((s) => ({ value: s.id, label: s.name }))}
          allowDeselect={false}
          searchable
          w={280}
        />
        {store && <PlatformBadge platform={store.platform} size="sm" />}
        <TextInput
          leftSection={<IconSearch size={14} />}
          placeholder={t('admin.products.filter')}
          aria-label={t('admin.products.filter')}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
      </Group>
      <Table verticalSpacing={6} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={56} />
            <Table.Th>{t('admin.products.field.title')}</Table.Th>
            <Table.Th>{t('admin.products.field.sku')}</Table.Th>
            <Table.Th ta="right">{t('admin.products.price')}</Table.Th>
            <Table.Th>{t('admin.products.statusLabel')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((product) => (
            <Table.Tr key={product.id} data-testid="catalogue-product" data-product-id={product.platformProductId} data-status={product.status}>
              <Table.Td>
                <ProductThumb src={product.imageUrl} size={36} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" dir="auto" lineClamp={2}>
                  {product.title}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" c="dimmed">
                  {product.sku ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{formatMoney(product.price, product.currency, i18n.language)}</Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={product.status === 'active' ? 'teal' : 'gray'} style={{ textTransform: 'none' }}>
                  {t(`admin.products.status.${product.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Tooltip label={t('admin.products.edit')} withArrow>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('admin.products.edit')}
                    data-testid="product-edit"
                    onClick={() => {
                      setEditing(product);
                      setFormOpen(true);
                    }}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {shown.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" py="md">
          {products.length === 0 ? t('admin.products.none') : t('admin.products.noMatch')}
        </Text>
      )}
      {store && <ProductFormModal store={store} editing={editing} opened={formOpen} onClose={() => setFormOpen(false)} />}
    </Paper>
  );
}
