import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import type { PublicRepView, RepDetails, TeamView } from '@leaderboard/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsPublicHttpUrl, MAX_PUBLIC_URL_LENGTH } from '../../common/public-url.js';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class TeamBodyDto {
  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;
}

export class WorkingHoursDto {
  @ApiProperty({ example: '09:00' }) @Matches(HH_MM, { message: 'start must be HH:MM' }) start: string;
  @ApiProperty({ example: '19:00' }) @Matches(HH_MM, { message: 'end must be HH:MM' }) end: string;

  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5] })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @IsIn([1, 2, 3, 4, 5, 6, 7], { each: true })
  weekdays: number[];

  @ApiProperty({ example: 0 }) @IsNumber({ maxDecimalPlaces: 3 }) @Min(0) @Max(10) outsideFactor: number;
}

export class CreateRepDto {
  @ApiProperty({ description: 'CRM owner id or e-mail; events name the rep by it', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  key: string;

  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() teamId: string;

  @ApiPropertyOptional({ maxLength: 100 }) @IsOptional() @IsString() @MaxLength(100) region?: string;

  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(200) email?: string;

  /**
   * Shown on the wall board; null clears it (initials instead). Every screen's `img` loads it, so
   * only a public http(s) address: no credentials, no loopback, private or link-local host.
   */
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: MAX_PUBLIC_URL_LENGTH,
    example: 'https://example.com/anna.jpg',
  })
  @IsOptional()
  @IsPublicHttpUrl()
  photoUrl?: string | null;

  /** Tenure brackets on the fair boards count whole months from this day; null clears it. */
  @ApiPropertyOptional({ nullable: true, type: String, example: '2025-03-17' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startedOn must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startedOn must be a date YYYY-MM-DD' })
  startedOn?: string | null;

  @ApiPropertyOptional({ type: WorkingHoursDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkingHoursDto)
  workingHours?: WorkingHoursDto | null;
}

export class UpdateRepDto extends PartialType(CreateRepDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

/** What displays and other reps see of a rep (see `PublicRepView`). */
export class PublicRepViewDto implements PublicRepView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
  @ApiProperty() active: boolean;
}

export class RepViewDto implements RepDetails {
  @ApiProperty() id: string;
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) teamId: string | null;
  @ApiProperty({ nullable: true, type: String }) region: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) photoUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) startedOn: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: WorkingHoursDto }) workingHours: WorkingHoursDto | null;
}

export class TeamViewDto implements TeamView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}
