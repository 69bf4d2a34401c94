import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsISO8601, IsObject } from 'class-validator';

export class RuleSetBodyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The rule set document of SPEC 4a',
  })
  @IsDefined()
  @IsObject()
  document: Record<string, unknown>;
}

export class PublishBodyDto {
  @ApiProperty({ example: '2026-11-01T00:00:00+03:00' })
  @IsISO8601({ strict: true })
  effectiveFrom: string;
}

export class PreviewBodyDto {
  @ApiProperty({ example: '2026-10-01T00:00:00+03:00' }) @IsISO8601({ strict: true }) from: string;
  @ApiProperty({ example: '2026-11-01T00:00:00+03:00' }) @IsISO8601({ strict: true }) to: string;
}
