import { Button, Group, Modal, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { productDraftSchema, type Product, type ProductDraft, type Store } from '../../../../shared';
import { durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { newUuid, saveProduct } from '../../db';

interface ProductFormModalProps {
  store: Store;
  /** The entry to edit; null adds a new one. */
  editing: Product | null;
  opened: boolean;
  onClose: () => void;
}

interface FormState {
  title: string;
  sku: string;
  price: string;
  imageUrl: string;
  url: string;
  status: ProductDraft['status'];
  platformProductId: string;
}

const emptyForm: FormState = { title: '', sku: '', price: '', imageUrl: '', url: '', status: 'active', platformProductId: '' };

function formOf(product: Product | null): FormState {
  if (!product) return emptyForm;
  return {
    title: product.title,
    sku: product.sku ?? '',
    price: product.price,
    imageUrl: product.imageUrl ?? '',
    url: product.url ?? '',
    status: product.status,
    platformProductId: product.platformProductId,
  };
}

type FieldErrors = Partial<Record<keyof FormState, string>>;

/**
 * Adds or edits one catalogue entry by hand (owners and leads). The entry is checked with
 * the same schema the server applies, then queued in the outbox (works offline); the
 * server checks role and input again.
 */
export function ProductFormModal({ store, editing, opened, onClose }: ProductFormModalProps) {
  const { t } = useTranslation();
  const [form, setForm] = useState<FormState>(emptyForm);
  const [errors, setErrors] = useState<FieldErrors>({});

  useEffect(() => {
    if (opened) {
      setForm(formOf(editing));
      setErrors({});
    }
  }, [opened, editing]);

  const set = (key: keyof FormState) => (value: string) => setForm((current) => ({ ...current, [key]: value }));

  async function submit(): Promise<void> {
    const parsed = productDraftSchema.safeParse({
      title: form.title,
      sku: form.sku,
      price: form.price.trim(),
      imageUrl: form.imageUrl.trim() === '' ? null : form.imageUrl.trim(),
      url: form.url.trim() === '' ? null : form.url.trim(),
      status: form.status,
    });
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (key === 'title' || key === 'sku' || key === 'price' || key === 'imageUrl' || key === 'url') next[key] = t(`admin.products.invalid.${key}`);
      }
      setErrors(next);
      return;
    }
    const platformProductId = form.platformProductId.trim();
    await saveProduct(durableDb, {
      productId: editing?.id ?? newUuid(),
      storeId: store.id,
      product: parsed.data,
      ...(!editing && platformProductId !== '' ? { platformProductId } : {}),
    });
    syncClient.outboxChanged();
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={editing ? t('admin.products.editTitle') : t('admin.products.addTitle', { store: store.name })} data-testid="product-form">
      <Stack gap="sm">
        <TextInput data-autofocus label={t('admin.products.field.title')} value={form.title} onChange={(e) => set('title')(e.currentTarget.value)} error={errors.title} required data-testid="product-form-title" />
        <Group grow>
          <TextInput label={t('admin.products.field.sku')} value={form.sku} onChange={(e) => set('sku')(e.currentTarget.value)} error={errors.sku} data-testid="product-form-sku" />
          <TextInput
            label={t('admin.products.field.price', { currency: store.currency })}
            value={form.price}
            onChange={(e) => set('price')(e.currentTarget.value)}
            error={errors.price}
            required
            inputMode="decimal"
            placeholder="199.00"
            data-testid="product-form-price"
          />
        </Group>
        <TextInput label={t('admin.products.field.imageUrl')} placeholder="https://" value={form.imageUrl} onChange={(e) => set('imageUrl')(e.currentTarget.value)} error={errors.imageUrl} data-testid="product-form-image" />
        <TextInput label={t('admin.products.field.url')} placeholder="https://" value={form.url} onChange={(e) => set('url')(e.currentTarget.value)} error={errors.url} data-testid="product-form-url" />
        {editing ? (
          <Text size="xs" c="dimmed" ff="monospace">
            {t('admin.products.field.platformProductId')}: {editing.platformProductId}
          </Text>
        ) : (
          <TextInput
            label={t('admin.products.field.platformProductId')}
            description={t('admin.products.platformProductIdHint')}
            value={form.platformProductId}
            onChange={(e) => set('platformProductId')(e.currentTarget.value)}
            data-testid="product-form-platform-id"
          />
        )}
        <SegmentedControl
          value={form.status}
          onChange={(value) => setForm((current) => ({ ...current, status: value === 'archived' ? 'archived' : 'active' }))}
          data={[
            { value: 'active', label: t('admin.products.status.active') },
            { value: 'archived', label: t('admin.products.status.archived') },
          ]}
          data-testid="product-form-status"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('admin.products.cancel')}
          </Button>
          <Button onClick={() => void submit()} data-testid="product-form-save">
            {t('admin.products.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
