import { ActionIcon, Alert, Box, Group, Paper, Text, Tooltip } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconBan, IconBraces, IconSend, IconShoppingBag } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { productCard, toReportedFinding, type Product, type Store } from '../../../../shared';
import { cacheDb, durableDb } from '../../app/database';
import { syncClient } from '../../app/syncClient';
import { loadDraft, loadMessages, saveDraft, sendCard, sendReply, type SessionRow } from '../../db';
import { repliesSinceOpened } from './replyCollision';
import { ReplyCollisionConfirm, type CollisionRequest } from './ReplyCollisionConfirm';
import { ComplianceFindingList } from '../compliance/ComplianceFindingList';
import { applyTemplateActions } from './applyTemplateActions';
import { checkReply, highlightRanges } from './composerChecks';
import { ComplianceConfirm, type ConfirmRequest } from './ComplianceConfirm';
import { HighlightedTextarea } from './HighlightedTextarea';
import { canSend, isSendKey } from './shortcuts';
import { ProductPicker } from './ProductPicker';
import { TemplatePicker } from './TemplatePicker';
import { useQuickReplies } from './useQuickReplies';

interface ComposerProps {
  conversationId: string;
  customerName: string;
  offline: boolean;
  inputRef: Ref<HTMLTextAreaElement>;
  store: Store | undefined;
  session: SessionRow;
}

/**
 * Writes a reply. The unsent text is saved as a draft per conversation (so a reload
 * keeps it); sending writes the reply to the outbox first and clears the draft there.
 * `/` opens the quick-reply picker; the text is checked for compliance terms, personal
 * data and unfilled variables as it is typed, and once more on send.
 */
export function Composer({ conversationId, customerName, offline, inputRef, store, session }: ComposerProps) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [collision, setCollision] = useState<CollisionRequest | null>(null);
  const [pickingProduct, setPickingProduct] = useState(false);
  /** Messages the agent has seen in this thread: those present on opening, plus replies already warned about. */
  const seenIds = useRef<Set<string> | null>(null);
  const area = useRef<HTMLTextAreaElement | null>(null);
  const persistDraft = useDebouncedCallback((id: string, text: string) => void saveDraft(durableDb, id, text), 300);
  const quick = useQuickReplies(conversationId, store, session);
  const mode = quick.compliance?.mode ?? 'warn';
  const check = useMemo(() => checkReply(body, quick.compliance?.terms ?? [], mode), [body, quick.compliance, mode]);
  const mayOverride = session.user.role === 'lead' || session.user.role === 'owner';

  const setAreaRef = useCallback(
    (node: HTMLTextAreaElement | null) => {
      area.current = node;
      if (typeof inputRef === 'function') inputRef(node);
      else if (inputRef) (inputRef as { current: HTMLTextAreaElement | null }).current = node;
    },
    [inputRef],
  );

  useEffect(() => {
    let cancelled = false;
    setLoadedFor(null);
    void loadDraft(durableDb, conversationId).then((draft) => {
      if (cancelled) return;
      setBody(draft);
      setLoadedFor(conversationId);
    });
    return () => {
      cancelled = true;
      persistDraft.flush();
    };
  }, [conversationId, persistDraft]);

  useEffect(() => {
    seenIds.current = null;
    let cancelled = false;
    void loadMessages(cacheDb, conversationId).then((messages) => {
      if (!cancelled) seenIds.current = new Set(messages.map((m) => m.id));
    });
    return () => {
      cancelled = true;
    };
  }, [conversationId]);

  /** Replies by someone else since the thread was opened; asks once per such reply. */
  async function collisionSinceOpened(): Promise<CollisionRequest | null> {
    const seen = seenIds.current;
    if (!seen) return null;
    const others = repliesSinceOpened(await loadMessages(cacheDb, conversationId), seen, session.user.id);
    const last = others.at(-1);
    if (!last) return null;
    for (const reply of others) seen.add(reply.id);
    const author = last.authorId === null ? undefined : await cacheDb.users.get(last.authorId);
    return { name: last.authorId === null ? null : (author?.displayName ?? last.authorId), sentAt: last.sentAt, count: others.length };
  }

  function edit(text: string, caret?: number): void {
    setBody(text);
    persistDraft(conversationId, text);
    if (caret !== undefined) {
      requestAnimationFrame(() => {
        area.current?.focus();
        area.current?.setSelectionRange(caret, caret);
      });
    }
  }

  async function queue(text: string, override: ConfirmRequest['override']): Promise<void> {
    const used = quick.used;
    setBody('');
    quick.resetUsed();
    persistDraft.cancel();
    try {
      await sendReply(durableDb, conversationId, text, new Date(), { templateIds: used.map((u) => u.id), complianceOverride: override ?? undefined });
      await applyTemplateActions(durableDb, conversationId, used);
      syncClient.outboxChanged();
    } catch (err) {
      // Not in the outbox: give the text back rather than lose it.
      console.error('[composer] could not queue the reply', err);
      setBody(text);
    }
  }

  async function send(checkCollision = true): Promise<void> {
    if (!canSend(body) || loadedFor !== conversationId) return;
    if (checkCollision) {
      const request = await collisionSinceOpened();
      if (request) {
        setCollision(request);
        return;
      }
    }
    const findings = check.findings.map(toReportedFinding);
    if (check.verdict === 'fixPlaceholders') return;
    if (check.verdict === 'blocked') {
      if (mayOverride) setConfirm({ text: body, check, blocked: true, override: { findings } });
      return;
    }
    if (check.verdict === 'confirm') {
      setConfirm({ text: body, check, blocked: false, override: findings.length > 0 ? { findings } : null });
      return;
    }
    await queue(body, null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    const key = { ...event, key: event.key, isComposing: event.nativeEvent.isComposing };
    const picked = quick.onKey(key, body);
    if (picked.handled) {
      event.preventDefault();
      if (picked.insert) edit(picked.insert.text, picked.insert.caret);
      return;
    }
    if (isSendKey(key)) {
      event.preventDefault();
      void send();
    }
  }

  /** A product card goes through the outbox like an order card (customer panel): text form in the body. */
  async function sendProductCard(product: Product): Promise<void> {
    setPickingProduct(false);
    try {
      await sendCard(durableDb, conversationId, productCard(product));
      syncClient.outboxChanged();
    } catch (err) {
      console.error('[composer] could not queue the product card', err);
    }
    requestAnimationFrame(() => area.current?.focus());
  }

  const sendDisabled = !canSend(body) || check.verdict === 'fixPlaceholders' || (check.verdict === 'blocked' && !mayOverride);
  const sendHint =
    check.verdict === 'fixPlaceholders' ? t('composer.fixPlaceholders') : check.verdict === 'blocked' ? t('composer.blockedHint') : t('composer.send');

  return (
    <Paper p="sm" radius={0} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="composer" data-verdict={check.verdict}>
      {offline && (
        <Text size="xs" c="orange.7" mb={6}>
          {t('composer.offlineHint')}
        </Text>
      )}
      {check.verdict === 'blocked' && (
        <Alert color="red" variant="light" p={8} mb={8} icon={<IconBan size={16} />} data-testid="compliance-blocked">
          <Text size="sm">{mayOverride ? t('composer.blockedLead') : t('composer.blocked')}</Text>
        </Alert>
      )}
      {check.placeholders.length > 0 && (
        <Alert color="orange" variant="light" p={8} mb={8} icon={<IconBraces size={16} />} data-testid="template-unfilled">
          <Text size="sm">{t('composer.unfilled', { names: check.placeholders.map((p) => p.text).join(' ') })}</Text>
        </Alert>
      )}
      <Box pos="relative">
        {quick.picker.token && (
          <Box pos="absolute" bottom="100%" left={0} right={56} mb={6} style={{ zIndex: 20 }}>
            <TemplatePicker
              query={quick.picker.token.query}
              options={quick.options}
              active={quick.picker.active}
              onHover={quick.setActive}
              onPick={(index) => {
                const inserted = quick.pick(body, index);
                if (inserted) edit(inserted.text, inserted.caret);
              }}
            />
          </Box>
        )}
        <Group align="flex-end" gap="sm" wrap="nowrap">
          <HighlightedTextarea
            textareaRef={setAreaRef}
            data-testid="composer-input"
            aria-label={t('composer.label')}
            placeholder={t('composer.placeholderQuick', { name: customerName })}
            autosize
            minRows={2}
            maxRows={8}
            dir="auto"
            style={{ flex: 1 }}
            value={body}
            ranges={highlightRanges(check)}
            disabled={loadedFor !== conversationId}
            onChange={(event) => {
              const text = event.currentTarget.value;
              edit(text);
              if (text.trim() !== '') syncClient.typing(conversationId);
              quick.onInput(text, event.currentTarget.selectionStart);
            }}
            onSelect={(event) => quick.onInput(event.currentTarget.value, event.currentTarget.selectionStart)}
            onBlur={() => quick.onInput('', 0)}
            onKeyDown={onKeyDown}
          />
          {store && (
            <Tooltip label={t('productPicker.open')} withArrow>
              <ActionIcon
                data-testid="composer-product-card"
                size={42}
                radius="md"
                variant="default"
                aria-label={t('productPicker.open')}
                onClick={() => setPickingProduct(true)}
              >
                <IconShoppingBag size={20} />
              </ActionIcon>
            </Tooltip>
          )}
          <Tooltip label={sendHint} withArrow>
            <ActionIcon
              data-testid="composer-send"
              size={42}
              radius="md"
              variant="filled"
              aria-label={t('composer.send')}
              disabled={sendDisabled}
              onClick={() => void send()}
            >
              <IconSend size={20} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Box>
      {(check.findings.length > 0 || check.personal.length > 0) && (
        <Box mt={8}>
          <ComplianceFindingList
            findings={check.findings}
            personal={check.personal}
            onReplace={(start, end, text) => edit(body.slice(0, start) + text + body.slice(end), start + text.length)}
          />
        </Box>
      )}
      {store && <ProductPicker opened={pickingProduct} store={store} onClose={() => setPickingProduct(false)} onPick={(product) => void sendProductCard(product)} />}
      <ReplyCollisionConfirm
        request={collision}
        onCancel={() => setCollision(null)}
        onSend={() => {
          setCollision(null);
          void send(false);
        }}
      />
      <ComplianceConfirm
        request={confirm}
        onCancel={() => setConfirm(null)}
        onSend={(override) => {
          const request = confirm;
          setConfirm(null);
          if (request) void queue(request.text, override);
        }}
      />
    </Paper>
  );
}
