import { Alert, Badge, Group, Image, Modal, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconMessageReply, IconStarFilled, IconStar } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Review, ReviewImage } from '../../../../shared';
import { cacheDb } from '../../app/database';
import { loadReviewOfConversation } from '../../db';
import { useLiveQuery } from '../../db/hooks';

/**
 * The review a review thread is about, at the top of the thread: stars, the buyer's text,
 * product and order, the buyer's pictures (a click opens the larger picture), the shop's
 * public reply once the platform accepted it, and why the review was flagged. Buyer text is
 * rendered as text. Pictures load from the platform's CDN without a referrer (CDNs see
 * no app URL) and lazily.
 */
export function ReviewCard({ conversationId }: { conversationId: string }) {
  const review = useLiveQuery(() => loadReviewOfConversation(cacheDb, conversationId), [conversationId]);
  if (!review) return null;
  return <ReviewCardView review={review} />;
}

export function ReviewCardView({ review }: { review: Review }) {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState<ReviewImage | null>(null);
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <Paper withBorder radius="md" p="sm" data-testid="review-card" data-review-id={review.platformReviewId} data-rating={review.rating}>
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Stars rating={review.rating} />
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {date(review.createdAt)}
          </Text>
        </Group>
        {review.flagReason && (
          <Alert variant="light" color="red" p={6} icon={<IconAlertTriangle size={16} />} data-testid="review-flag" data-reason={review.flagReason}>
            <Text size="xs">{t(`review.flag.${review.flagReason}`)}</Text>
          </Alert>
        )}
        <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="review-body">
          {review.body.trim() === '' ? t('review.noText') : review.body}
        </Text>
        {review.images.length > 0 && (
          <Group gap={6} data-testid="review-images">
            {review.images.map((image, index) => (
              <UnstyledButton
                key={image.url}
                onClick={() => setOpened(image)}
                aria-label={t('review.openImage', { index: index + 1, count: review.images.length })}
                data-testid="review-thumbnail"
              >
                <Image
                  src={image.thumbnailUrl ?? image.url}
                  referrerPolicy="no-referrer"
                  loading="lazy"
                  w={64}
                  h={64}
                  radius="sm"
                  fit="cover"
                  alt={t('review.imageAlt', { index: index + 1 })}
                />
              </UnstyledButton>
            ))}
          </Group>
        )}
        <Group gap={6} wrap="wrap">
          {review.productTitle && (
            <Text size="xs" c="dimmed" dir="auto" data-testid="review-product">
              {t('review.product', { title: review.productTitle })}
            </Text>
          )}
          {review.platformOrderId && (
            <Badge size="xs" variant="light" color="gray" style={{ textTransform: 'none' }} data-testid="review-order">
              {t('review.order', { id: review.platformOrderId })}
            </Badge>
          )}
        </Group>
        {review.sellerReply && (
          <Paper radius="sm" p={8} bg="var(--mantine-color-default-hover)" data-testid="review-seller-reply">
            <Group gap={6} mb={2} wrap="nowrap">
              <IconMessageReply size={14} />
              <Text size="xs" fw={600}>
                {t('review.sellerReply')}
              </Text>
              <Text size="xs" c="dimmed">
                {date(review.sellerReply.at)}
              </Text>
            </Group>
            <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {review.sellerReply.body}
            </Text>
          </Paper>
        )}
      </Stack>
      <Modal opened={opened !== null} onClose={() => setOpened(null)} title={t('review.imageTitle')} size="lg" centered data-testid="review-image-modal">
        {opened && <Image src={opened.url} referrerPolicy="no-referrer" alt={t('review.imageTitle')} fit="contain" mah="70vh" />}
      </Modal>
    </Paper>
  );
}

/** Five stars with the rating as an accessible label ("2 of 5 stars"). */
export function Stars({ rating, size = 16 }: { rating: number; size?: number }) {
  const { t } = useTranslation();
  return (
    <Group gap={1} role="img" aria-label={t('review.stars', { rating })} data-testid="review-stars" wrap="nowrap">
      {[1, 2, 3, 4, 5].map((n) =>
        n <= rating ? (
          <IconStarFilled key={n} size={size} color="var(--mantine-color-yellow-6)" aria-hidden />
        ) : (
          <IconStar key={n} size={size} color="var(--mantine-color-gray-5)" aria-hidden />
        ),
      )}
    </Group>
  );
}
